import { NodeNetworkPorts, VifHolderChange, VifInfo, attachVif, detachVif, listVifs } from '../network/vif-attachments';
import type { InterfaceKind } from '@ferrum/contracts';
import { UnsupportedDriverExtension } from '@ferrum/errors';
import type { InspectInterface } from '../interfaces/inspect.interface';
import type { ConsoleInterface, NetworkInterface, RaidInterface, RescueInterface, StorageInterface } from '../interfaces/optional.interfaces';
import { RAID_LOGICAL_DISK_PROPERTIES } from '../raid/raid-properties';
import type { VendorInterface } from '../passthru/vendor.interface';
import type { ExclusiveTask, SharedTask } from '../task';

/**
 * The `no-*` implementations of optional kinds (no-bios, no-console, no-inspect, no-raid, no-rescue,
 * no-vendor): present so a node always has every interface, but refusing every use (Ironic §7.7 wording).
 */
export class Unsupported implements InspectInterface, RescueInterface, ConsoleInterface, VendorInterface {
  constructor(private readonly kind: InterfaceKind) {}

  getProperties() {
    return {};
  }

  async validate(task: SharedTask): Promise<void> {
    throw this.refusal(task);
  }

  inspectHardware = (task: ExclusiveTask) => Promise.reject(this.refusal(task));
  rescue = (task: ExclusiveTask) => Promise.reject(this.refusal(task));
  unrescue = (task: ExclusiveTask) => Promise.reject(this.refusal(task));
  startConsole = (task: ExclusiveTask) => Promise.reject(this.refusal(task));
  stopConsole = (task: ExclusiveTask) => Promise.reject(this.refusal(task));
  getConsole = (task: SharedTask) => Promise.reject(this.refusal(task));

  private refusal(task: SharedTask) {
    return new UnsupportedDriverExtension({ driver: task.node.driver, extension: this.kind });
  }
}

/** `no-raid`: refuses every use, but answers the logical disk properties of the common schema as Ironic's NoRAID does. */
export class NoRaid extends Unsupported implements RaidInterface {
  constructor() {
    super('raid');
  }

  getLogicalDiskProperties() {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }

  validateRaidConfig(task: SharedTask): void {
    throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'raid' });
  }
}

/** `noop` storage: the image is always written to local disk. */
export class NoopStorage implements StorageInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  shouldWriteImage(_task: ExclusiveTask): boolean {
    return true;
  }
}

/**
 * `noop` network: nodes sit on one network nobody manages, so there are no switch ports to reconfigure
 * and VIFs are accepted and forgotten (Ironic's NoopNetwork).
 */
export class NoopNetwork implements NetworkInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}
  async addProvisioningNetwork(_task: ExclusiveTask): Promise<void> {}
  async removeProvisioningNetwork(_task: ExclusiveTask): Promise<void> {}
  async configureTenantNetworks(_task: ExclusiveTask): Promise<void> {}
  async unconfigureTenantNetworks(_task: ExclusiveTask): Promise<void> {}
  vifList(_ports: NodeNetworkPorts): { id: string }[] {
    return [];
  }
  vifAttach(_ports: NodeNetworkPorts, _vif: VifInfo): VifHolderChange | undefined {
    return undefined;
  }
  vifDetach(_ports: NodeNetworkPorts, _vifId: string, _nodeUuid: string): VifHolderChange | undefined {
    return undefined;
  }
}

/**
 * `flat` network: one flat provisioning/tenant network, so no switch ports to reconfigure (`neutron`
 * would plug ports; Ferrum has no Neutron), but VIFs are recorded on the node's ports and groups as
 * Ironic's flat interface records them.
 */
export class FlatNetwork extends NoopNetwork {
  override vifList(ports: NodeNetworkPorts): { id: string }[] {
    return listVifs(ports);
  }
  override vifAttach(ports: NodeNetworkPorts, vif: VifInfo): VifHolderChange {
    return attachVif(ports, vif);
  }
  override vifDetach(ports: NodeNetworkPorts, vifId: string, nodeUuid: string): VifHolderChange {
    return detachVif(ports, vifId, nodeUuid);
  }
}
