import { INTERFACE_KINDS, InterfaceKind, NodeRecord } from '@ferrum/contracts';
import { DriverNotFound, IncompatibleInterface, InterfaceNotFoundInEntrypoint, NoValidDefaultForInterface } from '@ferrum/errors';
import { FakePower } from './fake/fake-power';
import type { HardwareType } from './hardware-type';
import { fakeHardware } from './hardware-types/fake-hardware';
import type { PowerInterface } from './power.interface';

/** Hardware types and power implementations from outside this lib (tests, plugins). */
export interface DriverExtensions {
  hardwareTypes?: HardwareType[];
  power?: Record<string, () => PowerInterface>;
}

export interface DriverRegistryOptions {
  enabledHardwareTypes: string[];
  fakePowerDelayMs?: number;
  extensions?: DriverExtensions;
}

/** The implementations that exist in this build, by kind. Grows with real drivers. */
const KNOWN_IMPLEMENTATIONS: Record<InterfaceKind, string[]> = {
  bios: ['fake', 'no-bios'],
  boot: ['fake', 'ipxe', 'pxe'],
  console: ['fake', 'no-console'],
  deploy: ['fake', 'direct', 'ramdisk'],
  inspect: ['fake', 'inspector', 'no-inspect'],
  management: ['fake'],
  network: ['flat', 'noop'],
  power: [],
  raid: ['fake', 'no-raid', 'agent'],
  rescue: ['fake', 'no-rescue', 'agent'],
  storage: ['fake', 'noop'],
  vendor: ['fake', 'no-vendor'],
};

const HARDWARE_TYPES: HardwareType[] = [fakeHardware];

/**
 * Which hardware types this conductor offers and which interface each node gets.
 * Interface defaults follow Ironic: the first implementation in the hardware type's ordered list that is enabled.
 */
export class DriverRegistry {
  private readonly types = new Map<string, HardwareType>();
  private readonly powerFactories: Record<string, () => PowerInterface>;

  constructor(options: DriverRegistryOptions) {
    const delay = options.fakePowerDelayMs ?? 0;
    this.powerFactories = { fake: () => new FakePower(delay), ...options.extensions?.power };
    const available = [...HARDWARE_TYPES, ...(options.extensions?.hardwareTypes ?? [])];
    for (const name of options.enabledHardwareTypes) {
      const type = available.find((t) => t.name === name);
      if (!type) throw new DriverNotFound({ driver: name });
      this.types.set(name, type);
      // A hardware type without a usable default for some kind cannot serve nodes: refuse to start (Ironic does too).
      for (const kind of INTERFACE_KINDS) this.defaultInterface(name, kind);
    }
  }

  get hardwareTypes(): string[] {
    return [...this.types.keys()];
  }

  has(driver: string): boolean {
    return this.types.has(driver);
  }

  private get(driver: string): HardwareType {
    const type = this.types.get(driver);
    if (!type) throw new DriverNotFound({ driver });
    return type;
  }

  enabled(kind: InterfaceKind): string[] {
    return kind === 'power' ? Object.keys(this.powerFactories) : KNOWN_IMPLEMENTATIONS[kind];
  }

  defaultInterface(driver: string, kind: InterfaceKind): string {
    const found = this.get(driver).supported[kind].find((name) => this.enabled(kind).includes(name));
    if (!found) throw new NoValidDefaultForInterface({ type: kind, driver });
    return found;
  }

  /** Rows for the conductor_hardware_interfaces table. */
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
    const type = this.get(driver);
    const result: Record<string, string> = {};
    for (const kind of INTERFACE_KINDS) {
      const field = `${kind}_interface` as const;
      const named = reset ? undefined : (node[field] as string | null | undefined);
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
    return result as Partial<NodeRecord>;
  }

  power(node: Pick<NodeRecord, 'driver' | 'power_interface'>): PowerInterface {
    const name = node.power_interface ?? this.defaultInterface(node.driver, 'power');
    const factory = this.powerFactories[name];
    if (!factory) throw new InterfaceNotFoundInEntrypoint({ iface: name, type: 'power', valid: this.enabled('power') });
    return factory();
  }
}
