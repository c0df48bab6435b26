/** API microversions Ferrum knows by name; each line is its changelog entry (Ironic's versions.py). */
export const MIN_VERSION = 1;
export const MAX_VERSION = 111;
export const Microversion = {
  AVAILABLE_STATE: 2, // provision state `available` shown (null below)
  DRIVER_INTERNAL_INFO: 3, // node driver_internal_info
  MANAGEABLE_STATE: 4, // manageable state, manage/provide verbs
  NODE_NAME: 5, // node names, usable in URLs
  INSPECTION: 6, // inspect verb, inspection_*_at
  CLEAN_STEP: 7, // node clean_step
  FIELDS: 8, // ?fields= selector
  PROVISION_STATE_FILTER: 9, // ?provision_state=
  NAME_CHARS: 10, // names may use [A-Za-z0-9._~-]
  ENROLL_STATE: 11, // new nodes start in enroll
  RAID: 12, // raid_config, target_raid_config
  STATES_LINK: 14, // states link on node
  DRIVER_FILTER: 16, // ?driver=
  PORT_INTERNAL_INFO: 18, // port internal_info
  PORT_LLC_PXE: 19, // port local_link_connection, pxe_enabled
  NETWORK_INTERFACE: 20, // node network_interface
  RESOURCE_CLASS: 21, // node resource_class and its filter
  RAMDISK_ENDPOINTS: 22, // /v1/lookup, /v1/heartbeat
  PORTGROUPS: 23, // portgroups
  PORTGROUP_UUID: 24, // port portgroup_uuid, node/portgroups
  REMOVE_CHASSIS: 25, // chassis_uuid may be removed from a node
  PORTGROUP_MODE: 26, // portgroup mode and properties
  SOFT_POWER: 27, // soft rebooting, soft power off, power timeout
  VIFS: 28, // /v1/nodes/{n}/vifs
  INJECT_NMI: 29, // PUT /v1/nodes/{n}/management/inject_nmi
  DYNAMIC_DRIVERS: 30, // driver type/detail
  INTERFACES: 31, // node *_interface fields
  VOLUME: 32, // volume API
  STORAGE_INTERFACE: 33, // node storage_interface
  PHYSICAL_NETWORK: 34, // port physical_network
  TRAITS: 37, // node traits
  RESCUE: 38, // rescue_interface, rescue verbs
  INSPECT_WAIT: 39, // `inspect wait` state
  BIOS_INTERFACE: 40, // bios_interface
  FAULT: 42, // node fault
  DETAIL_QUERY: 43, // ?detail=true on lists
  DEPLOY_STEP: 44, // node deploy_step
  RESET_INTERFACES: 45, // ?reset_interfaces= on PATCH
  CONDUCTOR_GROUP: 46, // node conductor_group
  AUTOMATED_CLEAN: 47, // node automated_clean
  PROTECTED: 48, // node protected, protected_reason
  CONDUCTORS: 49, // /v1/conductors, node conductor
  OWNER: 50, // node owner
  DESCRIPTION: 51, // node description
  ALLOCATIONS: 52, // allocations, node allocation_uuid
  SMARTNIC: 53, // port is_smartnic
  EVENTS: 54, // events
  DEPLOY_TEMPLATES: 55, // deploy templates
  ALLOCATION_UPDATE: 57, // PATCH allocations (name, extra)
  ALLOCATION_BACKFILL: 58, // allocation create with a node
  ALLOCATION_OWNER: 60, // allocation owner
  RETIRED: 61, // node retired, retired_reason
  AGENT_TOKEN: 62, // agent token
  LESSEE: 65, // node lessee
  NETWORK_DATA: 66, // node network_data
  VIF_ATTACH_PORT: 67, // vif attach naming a port_uuid or portgroup_uuid
  BIOS_REGISTRY: 74, // BIOS setting registry fields, ?detail and ?fields on bios
  BOOT_MODE: 75, // node boot_mode, secure_boot
  CHANGE_BOOT_MODE: 76, // PUT states/boot_mode and states/secure_boot
  NODE_HISTORY: 78, // /v1/nodes/{n}/history
  NODE_INVENTORY: 81, // GET /v1/nodes/{n}/inventory
  SHARDS: 82, // node shard, /v1/shards
  CHILD_NODES: 83, // node parent_node, /v1/nodes/{n}/children, ?include_children, ?parent_node
  CONTINUE_INSPECTION: 84, // POST /v1/continue_inspection (also at 1.1, as a drop-in for ironic-inspector)
  UNHOLD: 85, // unhold verb; clean hold / deploy hold states; reserved hold, wait, power_on, power_off, reboot steps
  FIRMWARE_INTERFACE: 86, // node firmware_interface, /v1/nodes/{n}/firmware
  SERVICING: 87, // service verb with service_steps; node service_step; servicing, service wait, service failed, service hold
  PORT_NAME: 88, // port name
  VIRTUAL_MEDIA: 89, // POST/DELETE /v1/nodes/{n}/vmedia
  PORT_OVN_VTEP: 90, // vtep-logical-switch, vtep-physical-switch in port local_link_connection (hidden, as {}, below)
  DOT_JSON: 91, // a path's .json suffix is part of it (stripped only for a version below 1.91 named in the header)
  RUNBOOKS: 92, // /v1/runbooks; `runbook` with the clean and service verbs
  VIRTUAL_MEDIA_GET: 93, // GET /v1/nodes/{n}/vmedia
  PORT_NODE_IDENT: 94, // port create may name its node by name or UUID in node_ident
  DISABLE_POWER_OFF: 95, // node disable_power_off (system admins): never powered off, rebooted instead
  INSPECTION_RULES: 96, // /v1/inspection_rules
  PORT_DESCRIPTION: 97, // port description; ?description_contains on port lists (any version)
  PATCH_SPECIAL_CHARACTERS: 98, // a patch path's first segment RFC 6901-decoded (no observable change: Ironic's patch schema still refuses '~')
  PORT_CONDUCTOR_GROUPS: 99, // ?conductor_groups on port and portgroup lists (Ironic checks no version: the release's)
  PORT_VENDOR: 100, // port vendor
  PORT_CATEGORY: 101, // port category
  PORTGROUP_PHYSICAL_NETWORK: 102, // portgroup physical_network (a patch sets it on the member ports; members' own is then fixed)
  PORTGROUP_CATEGORY: 103, // portgroup category
  INSTANCE_NAME: 104, // node instance_name (kept from instance_info.display_name), its filter
  PORT_OVN_VTEP_REMOVED: 105, // VTEP keys of local_link_connection: still in the schema, refused on create (406) and shown as {} again
  PORTGROUP_SHARD: 106, // ?shard on portgroup lists (exclusive with node, address and conductor_groups)
  X_OPENSTACK_REQUEST_ID: 107, // X-Openstack-Request-Id on every response, as Openstack-Request-Id
  SERVICE_DISABLE_RAMDISK: 108, // disable_ramdisk with the service verb: out-of-band steps only, no agent booted
  NODE_HEALTH: 109, // node health (OK, Warning, Critical) from the BMC, cached by the power sync
  DEPLOY_ABORT: 110, // abort in wait call-back → deploy failed, without cleaning
  DYNAMIC_PORTGROUP: 111, // port available_for_dynamic_portgroup (writable, default true); portgroup dynamic_portgroup (read-only)
} as const;

export function formatVersion(minor: number): string {
  return `1.${minor}`;
}
