import { AgentDeploy } from './agent/agent-deploy';
import { AgentRaid } from './agent/agent-raid';
import { FakeBios } from './fake/fake-bios';
import { FakeDeploy } from './fake/fake-deploy';
import { FakeFirmware } from './fake/fake-firmware';
import { FakeInspect } from './fake/fake-inspect';
import { FakeBoot, FakeConsole, FakeRaid, FakeRescue, FakeStorage } from './fake/fake-interfaces';
import { DemoVendor } from './fake/demo-vendor';
import { FakeVendor } from './fake/fake-vendor';
import { FakeManagement } from './fake/fake-management';
import { FakePower } from './fake/fake-power';
import { NoopManagement } from './fake/noop-management';
import { BmcOptions, bmcImplementations } from './bmc/bmc-implementations';
import type { HardwareType } from './hardware-type';
import { AgentInspect } from './inspector/agent-inspect';
import { InspectorInspect } from './inspector/inspector-inspect';
import type { InspectorPort } from './inspector/inspector.port';
import { fakeHardware } from './hardware-types/fake-hardware';
import { ferrumDemo } from './hardware-types/ferrum-demo';
import { ipmiHardware } from './hardware-types/ipmi';
import { manualManagement } from './hardware-types/manual-management';
import { redfishHardware } from './hardware-types/redfish';
import type { InterfaceFactories } from './interfaces/interface-map';
import { FlatNetwork, NoRaid, NoopNetwork, NoopStorage, Unsupported } from './noop/no-interfaces';
import { PxeBoot } from './pxe/pxe-boot';

export interface CatalogOptions {
  /** Fake power takes this long per action (Ironic's fake drivers sleep too). */
  fakeDelayMs: number;
  /** Fake async vendor methods take this long. */
  fakeVendorDelayMs?: number;
  /** The inspector service, as the conductor reaches it; absent when the conductor has none. */
  inspector?: InspectorPort;
  /** Settings of the ipmitool and redfish implementations (defaults: Ironic's). */
  bmc?: BmcOptions;
  /** Receives clean-ups to run when the conductor stops (the Redfish client's pools and sessions). */
  onClose?: (closer: () => Promise<void>) => void;
}

/** Every implementation built into Ferrum, by kind and name. Plugins add to a copy of this. */
export function builtinImplementations(options: CatalogOptions): InterfaceFactories {
  const bmc = bmcImplementations(options.bmc);
  options.onClose?.(bmc.close);
  return {
    bios: { fake: () => new FakeBios(), 'no-bios': () => new Unsupported('bios'), ...bmc.bios },
    boot: { fake: () => new FakeBoot(), ipxe: () => new PxeBoot(true), pxe: () => new PxeBoot(false), ...bmc.boot },
    console: { fake: () => new FakeConsole(), 'no-console': () => new Unsupported('console'), ...bmc.console },
    deploy: { fake: () => new FakeDeploy(), direct: () => new AgentDeploy() },
    firmware: { fake: () => new FakeFirmware(), 'no-firmware': () => new Unsupported('firmware'), ...bmc.firmware },
    inspect: { fake: () => new FakeInspect(), agent: () => new AgentInspect(options.inspector), inspector: () => new InspectorInspect(options.inspector), 'no-inspect': () => new Unsupported('inspect'), ...bmc.inspect },
    management: { fake: () => new FakeManagement(), noop: () => new NoopManagement(), ...bmc.management },
    network: { flat: () => new FlatNetwork(), noop: () => new NoopNetwork() },
    power: { fake: () => new FakePower(options.fakeDelayMs), ...bmc.power },
    raid: { fake: () => new FakeRaid(), 'no-raid': () => new NoRaid(), agent: () => new AgentRaid() },
    rescue: { fake: () => new FakeRescue(), 'no-rescue': () => new Unsupported('rescue') },
    storage: { fake: () => new FakeStorage(), noop: () => new NoopStorage() },
    vendor: { fake: () => new FakeVendor(options.fakeVendorDelayMs ?? 0), 'ferrum-demo': () => new DemoVendor(options.fakeVendorDelayMs ?? 0), 'no-vendor': () => new Unsupported('vendor'), ...bmc.vendor },
  };
}

export const BUILTIN_HARDWARE_TYPES: HardwareType[] = [fakeHardware, manualManagement, ipmiHardware, redfishHardware, ferrumDemo];
