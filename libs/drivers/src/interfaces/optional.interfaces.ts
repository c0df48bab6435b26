import type { Dict } from '@ferrum/contracts';
import type { ExclusiveTask, SharedTask } from '../task';
import type { NodeNetworkPorts, VifHolderChange, VifInfo } from '../network/vif-attachments';
import type { BaseInterface, PropertyDescriptions } from './base.interface';

/** Boot: how the node gets its ramdisk or instance booted (PXE, iPXE, virtual media…). */
export interface BootInterface extends BaseInterface {
  /**
   * Whether prepareRamdisk itself makes the next boot start the agent (virtual media mounts the ISO and sets
   * the CD as boot device); otherwise the agent is booted from the network (one-time PXE).
   */
  readonly bootsRamdiskItself?: boolean;
  /**
   * Whether prepareRamdisk sets the one-time network boot itself, and writes what the machine then boots (the
   * `pxe` and `ipxe` interfaces); otherwise booting the agent from the network only sets the boot device.
   */
  readonly preparesNetworkBoot?: boolean;
  prepareRamdisk(task: ExclusiveTask, ramdiskParams: Record<string, string>): Promise<void>;
  cleanUpRamdisk(task: ExclusiveTask): Promise<void>;
  prepareInstance(task: ExclusiveTask): Promise<void>;
  cleanUpInstance(task: ExclusiveTask): Promise<void>;
}

/** Network: which networks the node's ports are plugged into during provisioning and tenancy. */
export interface NetworkInterface extends BaseInterface {
  addProvisioningNetwork(task: ExclusiveTask): Promise<void>;
  removeProvisioningNetwork(task: ExclusiveTask): Promise<void>;
  configureTenantNetworks(task: ExclusiveTask): Promise<void>;
  unconfigureTenantNetworks(task: ExclusiveTask): Promise<void>;
  /** The VIFs attached to the node's ports and groups. */
  vifList(ports: NodeNetworkPorts): { id: string }[];
  /** Where to record a VIF being attached; undefined when this interface records none (noop). */
  vifAttach(ports: NodeNetworkPorts, vif: VifInfo): VifHolderChange | undefined;
  /** Which port or group forgets a VIF being detached; undefined when this interface records none (noop). */
  vifDetach(ports: NodeNetworkPorts, vifId: string, nodeUuid: string): VifHolderChange | undefined;
}

/** Rescue: boots a rescue ramdisk on an active node. Returns the state the node ends in. */
export interface RescueInterface extends BaseInterface {
  rescue(task: ExclusiveTask): Promise<'rescue' | 'wait'>;
  unrescue(task: ExclusiveTask): Promise<'active'>;
}

/** Console access: started and stopped under the node's lock; how to reach it is read without one (Ironic's shared task). */
export interface ConsoleInterface extends BaseInterface {
  startConsole(task: ExclusiveTask): Promise<void>;
  stopConsole(task: ExclusiveTask): Promise<void>;
  /** What a client connects to (`{type, url}`), while the console is enabled. */
  getConsole(task: SharedTask): Promise<Record<string, unknown>>;
}

/** Storage: whether the instance image is written locally or booted from a volume. */
export interface StorageInterface extends BaseInterface {
  shouldWriteImage(task: ExclusiveTask): boolean;
}

/** RAID configuration is done through clean and deploy steps. */
export interface RaidInterface extends BaseInterface {
  /**
   * The properties a logical disk of the target RAID configuration may have, with their descriptions
   * (GET /v1/drivers/{name}/raid/logical_disk_properties). An implementation without it does not support
   * that call (UnsupportedDriverExtension).
   */
  getLogicalDiskProperties?(): PropertyDescriptions;
  /**
   * Checks a target RAID configuration before it is stored (PUT /v1/nodes/{n}/states/raid, under the lock).
   * Without it, the common schema decides (Ironic's RAIDInterface.validate_raid_config).
   * @throws InvalidParameterValue, UnsupportedDriverExtension
   */
  validateRaidConfig?(task: SharedTask, config: Dict): void;
}

/** BIOS configuration is done through clean and deploy steps; the settings in force are cached on the node. */
export interface BiosInterface extends BaseInterface {
  /**
   * Ironic's cache_bios_settings: reads the settings in force into the node's cached ones (GET /v1/nodes/{n}/bios).
   * Called when a node is verified and before it is cleaned; an implementation without it keeps what steps wrote.
   */
  cacheSettings?(task: ExclusiveTask): Promise<void>;
}

/**
 * Firmware (1.86): the components a BMC reports (BIOS, BMC, NICs) cached on the node for GET
 * /v1/nodes/{n}/firmware, and updates as clean (later service) steps.
 */
export interface FirmwareInterface extends BaseInterface {
  /**
   * Ironic's cache_firmware_components: reads the components and their versions into the node's cached ones.
   * Called when a node is verified, before it is cleaned and after inspection; failures are only logged.
   * @throws UnsupportedDriverExtension when the BMC reports no component
   */
  cacheFirmwareComponents?(task: ExclusiveTask): Promise<void>;
}

export type { VendorInterface } from '../passthru/vendor.interface';
