import type { InterfaceKind } from './states';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Dict = { [key: string]: Json };

/**
 * A node as stored, in Ironic's field names. This is what crosses NATS between the API and
 * conductors; the API turns it into the versioned, masked HTTP representation.
 */
export interface NodeRecord {
  id: number;
  uuid: string;
  name: string | null;
  driver: string;
  driver_info: Dict;
  driver_internal_info: Dict;
  properties: Dict;
  instance_info: Dict;
  instance_uuid: string | null;
  extra: Dict;
  chassis_id: number | null;
  chassis_uuid: string | null;
  power_state: string | null;
  target_power_state: string | null;
  provision_state: string;
  target_provision_state: string | null;
  provision_updated_at: string | null;
  last_error: string | null;
  reservation: string | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  fault: string | null;
  console_enabled: boolean;
  inspection_started_at: string | null;
  inspection_finished_at: string | null;
  clean_step: Dict;
  deploy_step: Dict;
  service_step: Dict;
  disable_power_off: boolean;
  health: string | null;
  instance_name: string | null;
  raid_config: Dict;
  target_raid_config: Dict;
  resource_class: string | null;
  bios_interface: string | null;
  firmware_interface: string | null;
  boot_interface: string | null;
  console_interface: string | null;
  deploy_interface: string | null;
  inspect_interface: string | null;
  management_interface: string | null;
  network_interface: string | null;
  power_interface: string | null;
  raid_interface: string | null;
  rescue_interface: string | null;
  storage_interface: string | null;
  vendor_interface: string | null;
  traits: string[];
  conductor_group: string;
  automated_clean: boolean | null;
  protected: boolean;
  protected_reason: string | null;
  owner: string | null;
  lessee: string | null;
  description: string | null;
  allocation_uuid: string | null;
  retired: boolean;
  retired_reason: string | null;
  network_data: Dict;
  boot_mode: string | null;
  secure_boot: boolean | null;
  shard: string | null;
  /** UUID of the node this one is part of (1.83), e.g. a DPU's host. */
  parent_node: string | null;
  created_at: string;
  updated_at: string | null;
}

export type InterfaceField = `${InterfaceKind}_interface`;

export interface PortRecord {
  id: number;
  uuid: string;
  address: string;
  node_id: number;
  node_uuid: string;
  extra: Dict;
  internal_info: Dict;
  local_link_connection: Dict;
  pxe_enabled: boolean;
  physical_network: string | null;
  portgroup_uuid: string | null;
  is_smartnic: boolean;
  name: string | null;
  /** 1.97 */
  description: string | null;
  /** 1.100 */
  vendor: string | null;
  /** 1.101 */
  category: string | null;
  /** 1.111: may a network interface bond this port into a group it creates (Ironic's trait-based networking). */
  available_for_dynamic_portgroup: boolean;
  created_at: string;
  updated_at: string | null;
}

/** A port group (1.23): ports of one node bonded together; `mode` and `properties` since 1.26. */
export interface PortgroupRecord {
  id: number;
  uuid: string;
  name: string | null;
  address: string | null;
  node_id: number;
  node_uuid: string;
  extra: Dict;
  internal_info: Dict;
  mode: string | null;
  properties: Dict;
  standalone_ports_supported: boolean;
  physical_network: string | null;
  category: string | null;
  /** 1.111: created by a network interface rather than the API (null for groups older than the column, as in Ironic). */
  dynamic_portgroup: boolean | null;
  created_at: string;
  updated_at: string | null;
}

/** A volume connector (1.32): how a node reaches its volumes (an iSCSI initiator IQN, a WWPN…). */
export interface VolumeConnectorRecord {
  id: number;
  uuid: string;
  node_id: number;
  node_uuid: string;
  type: string;
  connector_id: string;
  extra: Dict;
  created_at: string;
  updated_at: string | null;
}

/** A volume target (1.32): a volume the node uses, the one with boot_index 0 being its boot volume. */
export interface VolumeTargetRecord {
  id: number;
  uuid: string;
  node_id: number;
  node_uuid: string;
  volume_type: string;
  properties: Dict;
  boot_index: number;
  volume_id: string;
  extra: Dict;
  created_at: string;
  updated_at: string | null;
}

/** One step of a deploy template: run at deploy time on nodes whose instance asks for the template's trait. */
export interface DeployTemplateStep {
  interface: string;
  step: string;
  args: Dict;
  priority: number;
}

/** A deploy template (1.55), named by the trait that selects it. */
export interface DeployTemplateRecord {
  id: number;
  uuid: string;
  name: string;
  extra: Dict;
  steps: DeployTemplateStep[];
  created_at: string;
  updated_at: string | null;
}

/** A runbook step (1.92): run in `order` when the runbook is used for a manual clean or a service. */
export interface RunbookStep {
  interface: string;
  step: string;
  args: Dict;
  order: number;
}

/** A runbook (1.92): named by the trait a node must carry to run it; owned by a project or public. */
export interface RunbookRecord {
  id: number;
  uuid: string;
  name: string;
  steps: RunbookStep[];
  disable_ramdisk: boolean;
  extra: Dict;
  public: boolean;
  owner: string | null;
  created_at: string;
  updated_at: string | null;
}

/**
 * An inspection rule (1.96) as stored: Ironic's conditions and actions as the API validated them. The
 * inspector answers it with a sensitive rule's conditions and actions as null (they may hold credentials).
 */
export interface InspectionRuleRecord {
  uuid: string;
  description: string | null;
  priority: number;
  sensitive: boolean;
  phase: string;
  conditions: Dict[] | null;
  actions: Dict[] | null;
  created_at: string;
  updated_at: string | null;
}

/** An allocation (1.52): a request for an available node of a resource class (and traits), then the node it got. */
export interface AllocationRecord {
  id: number;
  uuid: string;
  name: string | null;
  node_id: number | null;
  node_uuid: string | null;
  state: 'allocating' | 'active' | 'error';
  last_error: string | null;
  resource_class: string | null;
  traits: string[];
  candidate_nodes: string[];
  extra: Dict;
  owner: string | null;
  conductor_affinity: string | null;
  created_at: string;
  updated_at: string | null;
}

/** One BIOS setting of a node (1.40), with its registry fields (1.74) where the BMC gives them. */
export interface BiosSettingRecord {
  name: string;
  value: string | null;
  attribute_type?: string | null;
  allowable_values?: string[] | null;
  lower_bound?: number | null;
  max_length?: number | null;
  min_length?: number | null;
  read_only?: boolean | null;
  reset_required?: boolean | null;
  unique?: boolean | null;
  upper_bound?: number | null;
  created_at?: string;
  updated_at?: string | null;
}

/** Ironic's firmware_information row: a firmware component of a node as its firmware interface last read it (1.86). */
export interface FirmwareComponentRecord {
  component: string;
  initial_version: string;
  current_version: string | null;
  last_version_flashed: string | null;
  created_at: string;
  updated_at: string | null;
}

/** What a firmware interface reads from the BMC: a component and the version it runs. */
export interface FirmwareComponentReading {
  component: string;
  current_version: string;
}

export interface ChassisRecord {
  id: number;
  uuid: string;
  description: string | null;
  extra: Dict;
  created_at: string;
  updated_at: string | null;
}

export interface ConductorRecord {
  hostname: string;
  conductor_group: string;
  online: boolean;
  drivers: string[];
  created_at: string;
  updated_at: string | null;
}
