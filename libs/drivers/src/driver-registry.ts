import { INTERFACE_KINDS, InterfaceKind, NodeRecord } from '@ferrum/contracts';
import { DriverNotFound, IncompatibleInterface, InterfaceNotFoundInEntrypoint, NoValidDefaultForInterface, UnsupportedDriverExtension } from '@ferrum/errors';
import { BUILTIN_HARDWARE_TYPES, builtinImplementations } from './catalog';
import { AgentVendor } from './agent/agent-vendor';
import { BUILTIN_LOOKUP_STRATEGIES, type LookupStrategy } from './agent/lookup-strategy';
import type { DriverPlugin } from './driver-plugin';
import { MixinVendor } from './passthru/mixin-vendor';
import type { BmcOptions } from './bmc/bmc-implementations';
import type { HardwareType } from './hardware-type';
import type { InspectorPort } from './inspector/inspector.port';
import type { PropertyDescriptions } from './interfaces/base.interface';
import type { InterfaceByKind, InterfaceFactories } from './interfaces/interface-map';
import type { PowerInterface } from './interfaces/power.interface';
import { Step, StepKind, sortSteps, stepsOf } from './steps/step.decorators';

export interface DriverRegistryOptions {
  enabledHardwareTypes: string[];
  /** `enabled_<kind>_interfaces`; a kind left out enables every implementation Ferrum has for it. */
  enabledInterfaces?: Partial<Record<InterfaceKind, string[]>>;
  /** `default_<kind>_interface`; must be enabled and supported by each enabled hardware type. */
  defaultInterfaces?: Partial<Record<InterfaceKind, string>>;
  fakeDelayMs?: number;
  fakeVendorDelayMs?: number;
  /** Injected into the `inspector` inspect interface (the conductor implements it over its transport). */
  inspector?: InspectorPort;
  /** Settings of the ipmitool and redfish implementations. */
  bmc?: BmcOptions;
  plugins?: DriverPlugin[];
  /**
   * Clean step priorities set by configuration, by `interface.step` (Ironic's [deploy]create_configuration_priority
   * and delete_configuration_priority for the agent RAID steps): they replace the priority the step declares.
   */
  cleanStepPriorities?: Record<string, number>;
}

/**
 * Which hardware types this conductor offers and which implementation serves each node.
 * A node's interface of each kind is the one it names, else the configured default, else the first
 * of its hardware type's ordered list that is enabled (Ironic §15.2). The result is saved on the node.
 */
export class DriverRegistry {
  private readonly types = new Map<string, HardwareType>();
  private readonly factories: InterfaceFactories;
  private readonly instances = new Map<string, unknown>();
  private readonly closers: (() => Promise<void>)[] = [];
  /** Ways to recognise a booting agent's machine: the built-in ones, then those plugins added. */
  readonly lookupStrategies: LookupStrategy[] = [...BUILTIN_LOOKUP_STRATEGIES];
  /** The agent's lookup and heartbeat methods, mixed into the vendor interfaces of types an agent boots on. */
  private readonly agentVendor = new AgentVendor();

  constructor(private readonly options: DriverRegistryOptions) {
    this.factories = builtinImplementations({ fakeDelayMs: options.fakeDelayMs ?? 0, fakeVendorDelayMs: options.fakeVendorDelayMs, inspector: options.inspector, bmc: options.bmc, onClose: (c) => this.closers.push(c) });
    const available = [...BUILTIN_HARDWARE_TYPES];
    for (const plugin of options.plugins ?? []) {
      plugin.register({
        addHardwareType: (type) => available.push(type),
        addInterface: (kind, name, factory) => {
          (this.factories[kind] as Record<string, unknown>)[name] = factory;
        },
        addLookupStrategy: (strategy) => this.lookupStrategies.push(strategy),
      });
    }
    for (const [kind, names] of Object.entries(options.enabledInterfaces ?? {}) as [InterfaceKind, string[]][]) {
      const unknown = names.filter((n) => !(n in this.factories[kind]));
      if (unknown.length) throw new InterfaceNotFoundInEntrypoint({ iface: unknown.join(', '), type: kind, valid: Object.keys(this.factories[kind]) });
    }
    for (const name of options.enabledHardwareTypes) {
      const type = available.find((t) => t.name === name);
      if (!type) throw new DriverNotFound({ driver: name });
      this.types.set(name, type);
      // A hardware type without a usable default for some kind cannot serve nodes: refuse to start, as Ironic does.
      for (const kind of INTERFACE_KINDS) this.defaultInterface(name, kind);
    }
  }

  /** Releases what implementations hold (BMC connection pools, Redfish sessions); the conductor calls it when it stops. */
  async close(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((c) => c().catch(() => undefined)));
  }

  get hardwareTypes(): string[] {
    return [...this.types.keys()];
  }

  has(driver: string): boolean {
    return this.types.has(driver);
  }

  hardwareType(driver: string): HardwareType {
    const type = this.types.get(driver);
    if (!type) throw new DriverNotFound({ driver });
    return type;
  }

  enabled(kind: InterfaceKind): string[] {
    return this.options.enabledInterfaces?.[kind] ?? Object.keys(this.factories[kind]);
  }

  defaultInterface(driver: string, kind: InterfaceKind): string {
    const supported = this.hardwareType(driver).supported[kind];
    const configured = this.options.defaultInterfaces?.[kind];
    if (configured) {
      if (this.enabled(kind).includes(configured) && (supported.includes(configured) || driver === 'fake-hardware')) return configured;
      throw new NoValidDefaultForInterface({ type: kind, driver });
    }
    const found = supported.find((name) => this.enabled(kind).includes(name));
    if (!found) throw new NoValidDefaultForInterface({ type: kind, driver });
    return found;
  }

  /** Rows for the conductor_hardware_interfaces table: enabled ∩ supported, with the default flagged. */
  offered(): { hardware_type: string; interface_type: string; interface_name: string; is_default: boolean }[] {
    return [...this.types.values()].flatMap((type) =>
      INTERFACE_KINDS.flatMap((kind) => {
        const def = this.defaultInterface(type.name, kind);
        return type.supported[kind]
          .filter((name) => this.enabled(kind).includes(name))
          .map((name) => ({ hardware_type: type.name, interface_type: kind, interface_name: name, is_default: name === def }));
      }),
    );
  }

  /**
   * Fills every unset `<kind>_interface` with the default and checks the ones the client named.
   * `reset` recomputes all of them (PATCH ?reset_interfaces=true).
   */
  resolveInterfaces(driver: string, node: Partial<NodeRecord>, reset = false): Partial<NodeRecord> {
    const type = this.hardwareType(driver);
    const result: Partial<Record<`${InterfaceKind}_interface`, string>> = {};
    for (const kind of INTERFACE_KINDS) {
      const field = `${kind}_interface` as const;
      const named = reset ? undefined : node[field];
      if (!named) {
        result[field] = this.defaultInterface(driver, kind);
        continue;
      }
      if (!this.enabled(kind).includes(named)) {
        throw new InterfaceNotFoundInEntrypoint({ iface: named, type: kind, valid: this.enabled(kind) });
      }
      // fake-hardware accepts any enabled implementation, as in Ironic.
      if (type.name !== 'fake-hardware' && !type.supported[kind].includes(named)) {
        throw new IncompatibleInterface({ type: kind, iface: named, hw: driver });
      }
      result[field] = named;
    }
    return result;
  }

  /** The implementation of `kind` serving this node (instances are stateless and shared). */
  get<K extends InterfaceKind>(node: Pick<NodeRecord, 'driver'> & Partial<NodeRecord>, kind: K): InterfaceByKind[K] {
    const name = node[`${kind}_interface`] ?? this.defaultInterface(node.driver, kind);
    const withAgent = kind === 'vendor' && !!this.types.get(node.driver)?.agentVendor;
    const key = `${kind}:${name}${withAgent ? '+agent' : ''}`;
    let instance = this.instances.get(key) as InterfaceByKind[K] | undefined;
    if (!instance) {
      const factory = (this.factories[kind] as Record<string, (() => InterfaceByKind[K]) | undefined>)[name];
      if (!factory) throw new InterfaceNotFoundInEntrypoint({ iface: name, type: kind, valid: this.enabled(kind) });
      instance = factory();
      // An agent's machine gets its legacy lookup/heartbeat whatever vendor it uses (Ironic's MixinVendorInterface).
      if (withAgent) instance = new MixinVendor([instance, this.agentVendor]) as unknown as InterfaceByKind[K];
      this.instances.set(key, instance);
    }
    return instance;
  }

  power(node: Pick<NodeRecord, 'driver'> & Partial<NodeRecord>): PowerInterface {
    return this.get(node, 'power');
  }

  /** Merged driver_info properties of the hardware type's default interfaces (/v1/drivers/{name}/properties). */
  properties(driver: string): PropertyDescriptions {
    const node = { driver };
    return Object.assign({}, ...INTERFACE_KINDS.map((kind) => this.get(node, kind).getProperties())) as PropertyDescriptions;
  }

  /**
   * What a logical disk of a RAID configuration may say, from the hardware type's default RAID interface
   * (/v1/drivers/{name}/raid/logical_disk_properties).
   * @throws UnsupportedDriverExtension when that interface cannot tell
   */
  raidLogicalDiskProperties(driver: string): PropertyDescriptions {
    const raid = this.get({ driver }, 'raid');
    if (typeof raid.getLogicalDiskProperties !== 'function') throw new UnsupportedDriverExtension({ driver, extension: 'raid' });
    return raid.getLogicalDiskProperties();
  }

  /** The node's steps of one kind across all its interfaces, in the order the conductor runs them. */
  steps(node: Pick<NodeRecord, 'driver'> & Partial<NodeRecord>, kind: StepKind): Step[] {
    const steps = INTERFACE_KINDS.flatMap((iface) => stepsOf(this.get(node, iface), kind, iface));
    const priorities = kind === 'clean' ? (this.options.cleanStepPriorities ?? {}) : {};
    return sortSteps(steps.map((s) => ({ ...s, priority: priorities[`${s.interface}.${s.step}`] ?? s.priority })));
  }
}
