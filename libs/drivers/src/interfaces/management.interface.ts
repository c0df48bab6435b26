import type { VmediaDevice } from '@ferrum/contracts';
import type { ExclusiveTask, SharedTask } from '../task';
import type { BaseInterface } from './base.interface';

export const BOOT_DEVICES = ['pxe', 'disk', 'cdrom', 'bios', 'safe', 'wanboot', 'iscsiboot', 'floppy'] as const;
export type BootDevice = (typeof BOOT_DEVICES)[number];

/** Devices a virtual media image may be attached as: @ferrum/contracts' list, which the API and the wire use too. */
export { VMEDIA_DEVICES, type VmediaDevice } from '@ferrum/contracts';

export interface BootDeviceState {
  boot_device: BootDevice | null;
  persistent: boolean | null;
}

/** Indicators by component (`chassis`, `system`, `drive`…), then by name. */
export type Indicators = Record<string, Record<string, { readonly: boolean; states: string[] }>>;

/** Out-of-band management: boot device selection. */
export interface ManagementInterface extends BaseInterface {
  /** Boot devices this node can be set to. Read-only: a shared task is enough. */
  getSupportedBootDevices(task: SharedTask): Promise<BootDevice[]>;
  /**
   * Sets the next (or every, if persistent) boot device.
   * @throws InvalidParameterValue for an unsupported device
   */
  setBootDevice(task: ExclusiveTask, device: BootDevice, persistent: boolean): Promise<void>;
  /** The boot device as the BMC reports it; Ironic takes an exclusive lock here because some BMCs misbehave under concurrent reads. */
  getBootDevice(task: ExclusiveTask): Promise<BootDeviceState>;
  /** The boot mode the node boots in ('uefi' or 'bios'), or null when unknown; absent: UnsupportedDriverExtension. */
  getBootMode?(task: ExclusiveTask): Promise<'uefi' | 'bios' | null>;
  /** Sets the boot mode for the next boots; absent: UnsupportedDriverExtension. */
  setBootMode?(task: ExclusiveTask, mode: 'uefi' | 'bios'): Promise<void>;
  /** Whether UEFI secure boot is on, or null when unknown; absent: UnsupportedDriverExtension. */
  getSecureBootState?(task: ExclusiveTask): Promise<boolean | null>;
  /** Turns UEFI secure boot on or off; absent: UnsupportedDriverExtension. */
  setSecureBootState?(task: ExclusiveTask, enabled: boolean): Promise<void>;
  /** The node's indicators (LEDs) by component, each with its states and whether it can be set; absent: unsupported. */
  getSupportedIndicators?(task: ExclusiveTask): Promise<Indicators>;
  /** One indicator's state ('on', 'off', 'blinking', 'unknown'); absent: unsupported. */
  getIndicatorState?(task: ExclusiveTask, component: string, indicator: string): Promise<string>;
  /** Sets one indicator; absent: unsupported. */
  setIndicatorState?(task: ExclusiveTask, component: string, indicator: string, state: string): Promise<void>;
  /** Injects a non-maskable interrupt now (a kernel dump, or a hung OS's panic); absent: UnsupportedDriverExtension. */
  injectNmi?(task: ExclusiveTask): Promise<void>;
  /** Attaches an image (an http(s) URL) as a virtual device (API 1.89); absent: UnsupportedDriverExtension. */
  attachVirtualMedia?(task: ExclusiveTask, device: VmediaDevice, imageUrl: string): Promise<void>;
  /** The hardware's overall health as the BMC reports it (API 1.109: 'OK', 'Warning', 'Critical', null unknown); absent: not monitored. */
  getNodeHealth?(task: SharedTask): Promise<'OK' | 'Warning' | 'Critical' | null>;
  /** Every virtual drive and what is in it (API 1.93); absent: UnsupportedDriverExtension. */
  getVirtualMedia?(task: ExclusiveTask): Promise<{ media_types: string[]; inserted: boolean | null; image: string | null }[]>;
  /** Detaches the images of these devices, or of every one; absent: UnsupportedDriverExtension. */
  detachVirtualMedia?(task: ExclusiveTask, devices?: VmediaDevice[]): Promise<void>;
}
