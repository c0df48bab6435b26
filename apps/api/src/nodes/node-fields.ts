import { Microversion as V } from '@ferrum/contracts';
import { fieldAllowed } from '../common/fields';

/**
 * Every field of the node representation with the microversion that introduced it (Ironic's
 * VERSIONED_FIELDS plus the 1.1 baseline). Order is the order of the JSON output.
 */
export const NODE_FIELD_VERSIONS = {
  uuid: 1,
  name: V.NODE_NAME,
  driver: 1,
  driver_info: 1,
  driver_internal_info: V.DRIVER_INTERNAL_INFO,
  properties: 1,
  instance_info: 1,
  instance_uuid: 1,
  extra: 1,
  chassis_uuid: 1,
  power_state: 1,
  target_power_state: 1,
  provision_state: 1,
  target_provision_state: 1,
  provision_updated_at: 1,
  last_error: 1,
  reservation: 1,
  maintenance: 1,
  maintenance_reason: 1,
  console_enabled: 1,
  inspection_started_at: V.INSPECTION,
  inspection_finished_at: V.INSPECTION,
  clean_step: V.CLEAN_STEP,
  raid_config: V.RAID,
  target_raid_config: V.RAID,
  network_interface: V.NETWORK_INTERFACE,
  resource_class: V.RESOURCE_CLASS,
  boot_interface: V.INTERFACES,
  console_interface: V.INTERFACES,
  deploy_interface: V.INTERFACES,
  inspect_interface: V.INTERFACES,
  management_interface: V.INTERFACES,
  power_interface: V.INTERFACES,
  raid_interface: V.INTERFACES,
  vendor_interface: V.INTERFACES,
  storage_interface: V.STORAGE_INTERFACE,
  traits: V.TRAITS,
  rescue_interface: V.RESCUE,
  bios_interface: V.BIOS_INTERFACE,
  firmware_interface: V.FIRMWARE_INTERFACE,
  fault: V.FAULT,
  deploy_step: V.DEPLOY_STEP,
  service_step: V.SERVICING,
  disable_power_off: V.DISABLE_POWER_OFF,
  health: V.NODE_HEALTH,
  instance_name: V.INSTANCE_NAME,
  conductor_group: V.CONDUCTOR_GROUP,
  automated_clean: V.AUTOMATED_CLEAN,
  protected: V.PROTECTED,
  protected_reason: V.PROTECTED,
  conductor: V.CONDUCTORS,
  owner: V.OWNER,
  description: V.DESCRIPTION,
  allocation_uuid: V.ALLOCATIONS,
  retired: V.RETIRED,
  retired_reason: V.RETIRED,
  lessee: V.LESSEE,
  network_data: V.NETWORK_DATA,
  boot_mode: V.BOOT_MODE,
  secure_boot: V.BOOT_MODE,
  shard: V.SHARDS,
  parent_node: V.CHILD_NODES,
  created_at: 1,
  updated_at: 1,
} as const satisfies Record<string, number>;

export type NodeField = keyof typeof NODE_FIELD_VERSIONS;
export const NODE_FIELDS = Object.keys(NODE_FIELD_VERSIONS) as NodeField[];

/** Dict fields are `{}`, never null, on output and after a PATCH removes them. */
export const NODE_DICT_FIELDS = [
  'driver_info', 'driver_internal_info', 'properties', 'instance_info', 'extra', 'clean_step', 'deploy_step',
  'service_step', 'raid_config', 'target_raid_config', 'network_data',
] as const;

/** What a plain `GET /v1/nodes` returns per node. */
/** In Ironic's order: it shows in the `next` links. */
export const NODE_DEFAULT_LIST_FIELDS = ['instance_uuid', 'maintenance', 'power_state', 'provision_state', 'uuid', 'name'];

/**
 * Top-level keys a PATCH may touch (§6.2), in Ironic's PATCH_ALLOWED_FIELDS order: 21.4's sorted list, then
 * later fields appended as Ironic appended them. Its refusal prints the list.
 */
export const NODE_PATCH_ALLOWED = [
  'automated_clean', 'bios_interface', 'boot_interface', 'chassis_uuid', 'conductor_group', 'console_interface',
  'deploy_interface', 'description', 'disable_power_off', 'driver', 'driver_info', 'extra', 'inspect_interface', 'instance_info',
  'instance_name', 'instance_uuid', 'lessee', 'maintenance', 'management_interface', 'name', 'network_data', 'network_interface', 'owner',
  'power_interface', 'properties', 'protected', 'protected_reason', 'raid_interface', 'rescue_interface',
  'resource_class', 'retired', 'retired_reason', 'shard', 'storage_interface', 'vendor_interface', 'parent_node',
  'firmware_interface',
];

/** The patchable fields of the release whose API maximum is served: those introduced after it are not listed. */
export function nodePatchAllowed(maximum: number): string[] {
  return NODE_PATCH_ALLOWED.filter((field) => fieldAllowed(NODE_FIELD_VERSIONS, field, maximum));
}

/** JSON columns cannot be sorted on (§4). */
export const NODE_REFUSED_SORT_KEYS = [
  'properties', 'driver_info', 'extra', 'instance_info', 'driver_internal_info', 'clean_step', 'deploy_step',
  'service_step', 'raid_config', 'target_raid_config', 'traits', 'network_data',
];

/** Database columns of the nodes table a list can be ordered by. */
export const NODE_SORT_COLUMNS = [
  'id', ...NODE_FIELDS.filter((f) => !['chassis_uuid', 'conductor', 'traits'].includes(f) && !(NODE_DICT_FIELDS as readonly string[]).includes(f)),
];

export const NODE_DESCRIPTION_MAX_LENGTH = 4096;

/** Faults a node can carry; `?fault=` accepts only these. */
export const NODE_FAULTS = ['power failure', 'clean failure', 'rescue abort failure'];
