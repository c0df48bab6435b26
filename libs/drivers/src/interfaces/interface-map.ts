import type { InterfaceKind } from '@ferrum/contracts';
import type { SharedTask } from '../task';
import type { DeployInterface } from './deploy.interface';
import type { InspectInterface } from './inspect.interface';
import type { ManagementInterface } from './management.interface';
import type {
  BiosInterface,
  BootInterface,
  ConsoleInterface,
  FirmwareInterface,
  NetworkInterface,
  RaidInterface,
  RescueInterface,
  StorageInterface,
  VendorInterface,
} from './optional.interfaces';
import type { PowerInterface } from './power.interface';

/** The contract each interface kind implements. */
export interface InterfaceByKind {
  bios: BiosInterface;
  boot: BootInterface;
  console: ConsoleInterface;
  deploy: DeployInterface;
  firmware: FirmwareInterface;
  inspect: InspectInterface;
  management: ManagementInterface;
  network: NetworkInterface;
  power: PowerInterface;
  raid: RaidInterface;
  rescue: RescueInterface;
  storage: StorageInterface;
  vendor: VendorInterface;
}

/** Implementations by kind and entry-point name (Ironic's `ironic.hardware.interfaces.<kind>` entry points). */
export type InterfaceFactories = { [K in InterfaceKind]: Record<string, () => InterfaceByKind[K]> };

/** The node's implementation of another interface kind through the task, typed; undefined in a task built by hand. */
export function otherInterface<K extends InterfaceKind>(task: SharedTask, kind: K): InterfaceByKind[K] | undefined {
  return task.interfaceOf?.(kind) as InterfaceByKind[K] | undefined;
}
