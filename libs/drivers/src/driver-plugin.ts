import type { InterfaceKind } from '@ferrum/contracts';
import type { HardwareType } from './hardware-type';
import type { InterfaceByKind } from './interfaces/interface-map';
import type { LookupStrategy } from './agent/lookup-strategy';

/** What a driver plugin package may do when it is loaded: add hardware types and implementations. */
export interface DriverPluginApi {
  addHardwareType(type: HardwareType): void;
  addInterface<K extends InterfaceKind>(kind: K, name: string, factory: () => InterfaceByKind[K]): void;
  /** Adds a way to recognise a booting agent's machine; enable it by name in FERRUM_AGENT_LOOKUP_STRATEGIES. */
  addLookupStrategy(strategy: LookupStrategy): void;
}

/**
 * A driver plugin: an npm package whose main module exports `register(api)` (the analogue of Ironic's
 * setuptools entry points). Named in FERRUM_DRIVER_PLUGINS; loaded once at conductor start.
 */
export interface DriverPlugin {
  register(api: DriverPluginApi): void;
}

/** Loads plugin packages by name, failing loudly with the package named. */
export function loadDriverPlugins(names: string[], load: (name: string) => unknown = require): DriverPlugin[] {
  return names.map((name) => {
    let mod: unknown;
    try {
      mod = load(name);
    } catch (error) {
      throw new Error(`Driver plugin ${name} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const plugin = (mod as { default?: DriverPlugin }).default ?? (mod as DriverPlugin);
    if (typeof plugin?.register !== 'function') throw new Error(`Driver plugin ${name} does not export register(api)`);
    return plugin;
  });
}
