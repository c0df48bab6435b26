import type { BiosSettingRecord, Dict, FirmwareComponentReading, InterfaceKind, NodeRecord, VolumeTargetRecord } from '@ferrum/contracts';
import type { ConductorCallbacks } from './agent/conductor-callbacks';

/**
 * What a driver may see of a node and the lock held on it. Drivers never touch the database:
 * the conductor builds the task and saves what the driver changed.
 */
export interface SharedTask {
  readonly node: Readonly<NodeRecord>;
  readonly shared: boolean;
  /**
   * The node's implementation of another interface kind (a deploy interface boots through the boot and power
   * interfaces). Set by the conductor; absent in tasks built by hand. Read it through `otherInterface`,
   * which types it (kept untyped here so that the task types need none of the interface files).
   */
  readonly interfaceOf?: (kind: InterfaceKind) => unknown;
  /** What the agent call-back being handled brought: its token (only ever kept in memory) and URL. */
  readonly agent?: { token?: string; url?: string };
  /** Conductor services a vendor method may call (agent lookup and heartbeat). */
  readonly callbacks?: ConductorCallbacks;
  /** MAC addresses of the node's ports (Ironic's task.ports), read when asked. Absent in tasks built by hand. */
  readonly portAddresses?: () => Promise<string[]>;
  /**
   * The conductor's fast-track settings (Ironic's [deploy]fast_track, the default for a node without
   * driver_info.fast_track, and fast_track_timeout). Absent in tasks built by hand: no fast track.
   */
  readonly fastTrack?: { enabled: boolean; timeoutS: number };
}

/** A task holding the node's exclusive lock: required by every driver call that changes hardware state. */
export interface ExclusiveTask extends SharedTask {
  readonly shared: false;
  /**
   * Saves driver-owned fields under the lock (driver_internal_info, instance_info, power_state; a RAID interface's
   * raid_config and the properties it updates with it); the task's node shows the result afterwards. Absent in
   * tasks built by hand.
   */
  readonly record?: (changes: { driver_internal_info?: Dict; instance_info?: Dict; power_state?: string | null; raid_config?: Dict; properties?: Dict }) => Promise<void>;
  /** The node's cached BIOS settings (GET /v1/nodes/{n}/bios): a BIOS interface replaces them. Absent in tasks built by hand. */
  readonly biosSettings?: { replace(settings: BiosSettingRecord[]): Promise<void> };
  /**
   * The node's cached firmware components (GET /v1/nodes/{n}/firmware): a firmware interface syncs what it read,
   * as Ironic's sync_firmware_components (new ones created with their initial version, a changed version
   * recorded as last flashed). Absent in tasks built by hand.
   */
  readonly firmwareComponents?: { sync(readings: FirmwareComponentReading[]): Promise<void> };
  /** The node's volume targets (Ironic's task.volume_targets), and their removal when an instance is torn down. Absent in tasks built by hand. */
  readonly volumeTargets?: { list(): Promise<VolumeTargetRecord[]>; deleteAll(): Promise<void> };
  /** Where the `ipxe` boot interface keeps the node's iPXE configuration, and what it is made from. Absent in tasks built by hand: nothing is written. */
  readonly netboot?: NetbootStore;
}

/**
 * The node's network-boot configuration (Ironic's per-node iPXE config file): the conductor stores it, the
 * inspector serves it to the machine by MAC (`pxelinux.cfg/<mac>` behind boot.ipxe).
 */
export interface NetbootStore {
  /** The API's URL as a ramdisk reaches it (ipa-api-url; Ironic's [conductor]api_url). */
  readonly apiUrl: string;
  /** Kernel parameters for every ramdisk (Ironic's [pxe]kernel_append_params, what `%default%` stands for). */
  readonly kernelAppendParams: string;
  write(script: string): Promise<void>;
  remove(): Promise<void>;
}
