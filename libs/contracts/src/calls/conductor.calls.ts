import { z } from 'zod';
import { defineCall } from '../call';
import type { AllocationRecord, Dict, NodeRecord, PortRecord, PortgroupRecord } from '../records';
import { POWER_TARGETS, PowerTarget, VMEDIA_DEVICES, type VmediaDevice } from '../states';
import type { AgentLookupReply } from './driver.calls';
import { httpMethod, record, uuid } from './fields';

/** Fields a client may set when creating a node; the API has validated and version-gated them. */
export type NodeCreateInput = Partial<
  Omit<
    NodeRecord,
    | 'id'
    | 'chassis_id'
    | 'power_state'
    | 'target_power_state'
    | 'provision_state'
    | 'target_provision_state'
    | 'provision_updated_at'
    | 'last_error'
    | 'reservation'
    | 'created_at'
    | 'updated_at'
  >
> & { driver: string; provision_state?: string };

/** Only the fields a PATCH actually changed. */
export type NodeChanges = Partial<Omit<NodeRecord, 'id' | 'uuid' | 'created_at' | 'updated_at'>>;

export interface PortCreateInput {
  uuid?: string;
  address: string;
  node_uuid: string;
  extra?: Dict;
  local_link_connection?: Dict;
  pxe_enabled?: boolean;
  physical_network?: string | null;
  is_smartnic?: boolean;
  portgroup_uuid?: string | null;
  name?: string | null;
  description?: string | null;
  vendor?: string | null;
  category?: string | null;
  available_for_dynamic_portgroup?: boolean;
}
export type PortChanges = Partial<Omit<PortCreateInput, 'uuid'>>;

/** Optional fields of a provision request, already checked by the API against the verb and version. */
export interface ProvisionRequestParams {
  configdrive?: string | Record<string, unknown> | null;
  clean_steps?: { interface: string; step: string; args?: Record<string, unknown> }[] | null;
  deploy_steps?: { interface: string; step: string; args?: Record<string, unknown>; priority: number }[] | null;
  rescue_password?: string | null;
  disable_ramdisk?: boolean | null;
  service_steps?: { interface: string; step: string; args?: Record<string, unknown> }[] | null;
}

/** One interface's answer in `GET /v1/nodes/{id}/validate`. */
export interface InterfaceValidation {
  result: boolean;
  reason?: string;
}

export interface VendorCallRequest {
  method: string;
  http_method: string;
  args: Record<string, unknown>;
  /** Ferrum extension: record an async call as a durable job the client can poll. */
  job?: boolean;
}

/** Ironic's vendor_passthru reply, plus the job id when one was asked for. */
export interface VendorCallReply {
  return: unknown;
  async: boolean;
  attach: boolean;
  job_id?: string;
}

/** One method in a `/vendor_passthru/methods` listing; `args_schema` is a Ferrum extension (JSON Schema). */
export interface VendorMethodInfo {
  http_methods: string[];
  async: boolean;
  attach: boolean;
  description: string;
  require_exclusive_lock?: boolean;
  args_schema?: unknown;
}

export interface BootDeviceReply {
  boot_device: string | null;
  persistent: boolean | null;
}

/*
 * Calls the conductor that owns a node answers (the caller picks it on the hash ring). The schemas are
 * structural checks at the conductor's edge: the API has already validated the fields in Ironic's terms;
 * these catch a malformed or mismatched-version message before it reaches a service.
 */

export const CreateNode = defineCall<{ node: NodeCreateInput }, NodeRecord>()(
  'conductor',
  'node.create.v1',
  z.object({ node: z.looseObject({ driver: z.string().min(1), uuid: uuid.optional() }) }),
);

export const UpdateNode = defineCall<{ node_uuid: string; changes: NodeChanges; reset_interfaces?: boolean }, NodeRecord>()(
  'conductor',
  'node.update.v1',
  z.object({ node_uuid: uuid, changes: record, reset_interfaces: z.boolean().optional() }),
);

export const DeleteNode = defineCall<{ node_uuid: string }, null>()('conductor', 'node.delete.v1', z.object({ node_uuid: uuid }));

export const SetPowerState = defineCall<{ node_uuid: string; target: PowerTarget; timeout?: number }, null>()(
  'conductor',
  'node.set-power.v1',
  z.object({ node_uuid: uuid, target: z.enum(POWER_TARGETS as [string, ...string[]]), timeout: z.number().int().positive().optional() }),
);

/** A user provision event (manage, provide, inspect, clean, deploy, rebuild, delete, abort, adopt, rescue, unrescue). */
export const ProvisionNode = defineCall<{ node_uuid: string; event: string; params: ProvisionRequestParams }, null>()(
  'conductor',
  'node.provision.v1',
  z.object({
    node_uuid: uuid,
    event: z.string().min(1),
    params: z.object({
      configdrive: z.union([z.string(), record]).nullish(),
      clean_steps: z.array(z.looseObject({ interface: z.string(), step: z.string(), args: record.optional() })).nullish(),
      deploy_steps: z.array(z.looseObject({ interface: z.string(), step: z.string(), args: record.optional(), priority: z.number() })).nullish(),
      rescue_password: z.string().nullish(),
      disable_ramdisk: z.boolean().nullish(),
      service_steps: z.array(z.looseObject({ interface: z.string(), step: z.string(), args: record.optional() })).nullish(),
    }),
  }),
);

/** Ironic's add_node_traits: adds `traits` to the node's, or with `replace` makes them the node's only ones. */
export const SetNodeTraits = defineCall<{ node_uuid: string; traits: string[]; replace: boolean }, null>()(
  'conductor',
  'node.set-traits.v1',
  z.object({ node_uuid: uuid, traits: z.array(z.string().min(1).max(255)), replace: z.boolean() }),
);

/** Ironic's remove_node_traits: removes these traits (NodeTraitNotFound for one the node lacks), or all when null. */
export const RemoveNodeTraits = defineCall<{ node_uuid: string; traits: string[] | null }, null>()(
  'conductor',
  'node.remove-traits.v1',
  z.object({ node_uuid: uuid, traits: z.array(z.string()).nullable() }),
);

export const SetMaintenance = defineCall<{ node_uuid: string; maintenance: boolean; reason?: string | null }, null>()(
  'conductor',
  'node.set-maintenance.v1',
  z.object({ node_uuid: uuid, maintenance: z.boolean(), reason: z.string().nullish() }),
);

export const ValidateNode = defineCall<{ node_uuid: string }, Record<string, InterfaceValidation>>()('conductor', 'node.validate.v1', z.object({ node_uuid: uuid }));

export const GetBootDevice = defineCall<{ node_uuid: string }, BootDeviceReply>()('conductor', 'node.get-boot-device.v1', z.object({ node_uuid: uuid }));

export const SetBootDevice = defineCall<{ node_uuid: string; boot_device: string; persistent: boolean }, null>()(
  'conductor',
  'node.set-boot-device.v1',
  z.object({ node_uuid: uuid, boot_device: z.string().min(1), persistent: z.boolean() }),
);

export const GetSupportedBootDevices = defineCall<{ node_uuid: string }, { supported_boot_devices: string[] }>()(
  'conductor',
  'node.supported-boot-devices.v1',
  z.object({ node_uuid: uuid }),
);

/** Ironic's change_node_boot_mode: validated under the lock, then done in the background (202). */
export const ChangeBootMode = defineCall<{ node_uuid: string; mode: 'uefi' | 'bios' }, null>()(
  'conductor',
  'node.change-boot-mode.v1',
  z.object({ node_uuid: uuid, mode: z.enum(['uefi', 'bios']) }),
);

/** Ironic's change_node_secure_boot: as for the boot mode. */
export const ChangeSecureBoot = defineCall<{ node_uuid: string; enabled: boolean }, null>()(
  'conductor',
  'node.change-secure-boot.v1',
  z.object({ node_uuid: uuid, enabled: z.boolean() }),
);

/** Indicators (LEDs) by component, then by name, as a management interface reports them. */
export type IndicatorMap = Record<string, Record<string, { readonly: boolean; states: string[] }>>;

/** Ironic's get_supported_indicators, under the node's lock. */
export const GetIndicators = defineCall<{ node_uuid: string }, IndicatorMap>()('conductor', 'node.indicators.v1', z.object({ node_uuid: uuid }));

/** Ironic's get_indicator_state, under the node's lock. */
export const GetIndicatorState = defineCall<{ node_uuid: string; component: string; indicator: string }, string>()(
  'conductor',
  'node.indicator-state.v1',
  z.object({ node_uuid: uuid, component: z.string(), indicator: z.string() }),
);

/** Ironic's set_indicator_state, under the node's lock. */
export const SetIndicatorState = defineCall<{ node_uuid: string; component: string; indicator: string; state: string }, null>()(
  'conductor',
  'node.set-indicator-state.v1',
  z.object({ node_uuid: uuid, component: z.string(), indicator: z.string(), state: z.string() }),
);

/** Ironic's set_console_mode: validated (and last_error cleared) under the lock, then done in the background (202). */
export const SetConsoleMode = defineCall<{ node_uuid: string; enabled: boolean }, null>()(
  'conductor',
  'node.set-console-mode.v1',
  z.object({ node_uuid: uuid, enabled: z.boolean() }),
);

/** Ironic's get_console_information: how to reach the node's console, or null while it is not enabled. */
export const GetConsoleInformation = defineCall<{ node_uuid: string }, { console_info: Record<string, unknown> } | null>()(
  'conductor',
  'node.get-console-information.v1',
  z.object({ node_uuid: uuid }),
);

/** Ironic's inject_nmi, under the node's lock. */
export const InjectNmi = defineCall<{ node_uuid: string }, null>()('conductor', 'node.inject-nmi.v1', z.object({ node_uuid: uuid }));

export const NodeVendorPassthru = defineCall<VendorCallRequest & { node_uuid: string }, VendorCallReply>()(
  'conductor',
  'node.vendor-passthru.v1',
  z.object({ node_uuid: uuid, method: z.string().min(1), http_method: httpMethod, args: record, job: z.boolean().optional() }),
);

export const ListNodeVendorMethods = defineCall<{ node_uuid: string }, Record<string, VendorMethodInfo>>()(
  'conductor',
  'node.vendor-methods.v1',
  z.object({ node_uuid: uuid }),
);

export const CreatePort = defineCall<{ port: PortCreateInput }, PortRecord>()(
  'conductor',
  'port.create.v1',
  z.object({ port: z.looseObject({ address: z.string().min(1), node_uuid: uuid }) }),
);

export const UpdatePort = defineCall<{ port_uuid: string; changes: PortChanges }, PortRecord>()(
  'conductor',
  'port.update.v1',
  z.object({ port_uuid: uuid, changes: record }),
);

export const DeletePort = defineCall<{ port_uuid: string }, null>()('conductor', 'port.delete.v1', z.object({ port_uuid: uuid }));

/** Fields of a new port group; the API has validated them and checked the node exists. */
export interface PortgroupCreateInput {
  uuid: string;
  node_uuid: string;
  name?: string | null;
  address?: string | null;
  extra?: Dict;
  mode?: string | null;
  properties?: Dict;
  standalone_ports_supported?: boolean;
  physical_network?: string | null;
  category?: string | null;
}
export type PortgroupChanges = Partial<Omit<PortgroupCreateInput, 'uuid'>>;

/** Ironic creates a port group without the node's lock (it is inert until ports join it); so does this call. */
export const CreatePortgroup = defineCall<{ portgroup: PortgroupCreateInput }, PortgroupRecord>()(
  'conductor',
  'portgroup.create.v1',
  z.object({ portgroup: z.looseObject({ uuid, node_uuid: uuid }) }),
);

/** Ironic's update_portgroup, under the lock of the group's (current) node. */
export const UpdatePortgroup = defineCall<{ portgroup_uuid: string; changes: PortgroupChanges; ports_physical_network?: string | null }, PortgroupRecord>()(
  'conductor',
  'portgroup.update.v1',
  // ports_physical_network (1.102): a patch naming the group's physical_network also sets it on every member port.
  z.object({ portgroup_uuid: uuid, changes: record, ports_physical_network: z.string().nullable().optional() }),
);

/** Ironic's destroy_portgroup, under the node's lock; refused while ports are members. */
export const DeletePortgroup = defineCall<{ portgroup_uuid: string }, null>()('conductor', 'portgroup.delete.v1', z.object({ portgroup_uuid: uuid }));

/** A VIF to attach: its id, and (1.67) optionally the port or port group to put it on. */
export interface VifAttachInput {
  id: string;
  port_uuid?: string;
  portgroup_uuid?: string;
  [key: string]: unknown;
}

/** Ironic's vif_list: what the node's network interface reports. */
export const ListVifs = defineCall<{ node_uuid: string }, { id: string }[]>()('conductor', 'node.vif-list.v1', z.object({ node_uuid: uuid }));

/** Ironic's vif_attach, under the node's lock. */
export const AttachVif = defineCall<{ node_uuid: string; vif: VifAttachInput }, null>()(
  'conductor',
  'node.vif-attach.v1',
  z.object({ node_uuid: uuid, vif: z.looseObject({ id: z.string().min(1) }) }),
);

/** Ironic's vif_detach, under the node's lock. */
export const DetachVif = defineCall<{ node_uuid: string; vif_id: string }, null>()(
  'conductor',
  'node.vif-detach.v1',
  z.object({ node_uuid: uuid, vif_id: z.string().min(1) }),
);

/** A new allocation, checked by the API (candidate nodes already resolved to uuids). */
export interface AllocationCreateInput {
  uuid: string;
  name?: string | null;
  resource_class: string;
  traits?: string[];
  candidate_nodes?: string[];
  extra?: Dict;
  owner?: string | null;
  /** Backfill (1.58): the active node this allocation describes. */
  node_uuid?: string;
}

/**
 * Ironic's create_allocation on any conductor: the row is created (allocating) and returned at once; a
 * background job picks and holds a node. A backfill holds its node before the answer, or fails.
 */
export const CreateAllocation = defineCall<{ allocation: AllocationCreateInput }, AllocationRecord>()(
  'driver',
  'allocation.create.v1',
  z.object({ allocation: z.looseObject({ uuid, resource_class: z.string().min(1) }) }),
);

/** Ironic's destroy_allocation: the node it holds (under its lock, when not active) forgets the instance. */
export const DestroyAllocation = defineCall<{ allocation_uuid: string }, null>()('driver', 'allocation.destroy.v1', z.object({ allocation_uuid: uuid }));

/** Is the conductor of this hostname alive and answering? (a second conductor of the same name asks before it starts) */
export const PingConductor = defineCall<Record<string, never>, { hostname: string }>()('conductor', 'ping.v1', z.object({}));

/** Ironic's attach_virtual_media (API 1.89): the management interface attaches the image in a worker; failures land in last_error. */
export const AttachVirtualMedia = defineCall<{ node_uuid: string; device_type: VmediaDevice; image_url: string }, null>()(
  'conductor',
  'node.vmedia-attach.v1',
  z.object({ node_uuid: uuid, device_type: z.enum(VMEDIA_DEVICES), image_url: z.string().min(1) }),
);

/** Ironic's get_virtual_media (1.93): the node's drives as its BMC reports them, read under the node's lock. */
export const GetVirtualMedia = defineCall<{ node_uuid: string }, { media_types: string[]; inserted: boolean | null; image: string | null }[]>()(
  'conductor',
  'node.vmedia-get.v1',
  z.object({ node_uuid: uuid }),
);

/** Ironic's detach_virtual_media: these devices, or all of them, detached in a worker. */
export const DetachVirtualMedia = defineCall<{ node_uuid: string; device_types?: VmediaDevice[] }, null>()(
  'conductor',
  'node.vmedia-detach.v1',
  z.object({ node_uuid: uuid, device_types: z.array(z.enum(VMEDIA_DEVICES)).optional() }),
);

/**
 * Ironic's get_node_with_token, for `POST /v1/continue_inspection` at 1.84: the node (lookup's fields) and
 * the agent's config, with a new agent token when the node has none ("******" when it has), whatever its state.
 */
export const GetNodeWithToken = defineCall<{ node_uuid: string }, AgentLookupReply>()('conductor', 'agent.node-with-token.v1', z.object({ node_uuid: uuid }));

/** The inspector reports the end of an introspection (error null = success): the node leaves `inspect wait`. */
export const FinishInspection = defineCall<{ node_uuid: string; error: string | null }, null>()(
  'conductor',
  'node.inspection-finished.v1',
  z.object({ node_uuid: uuid, error: z.string().nullable() }),
);

/** A port an inspection found: created unless the node has one with this MAC (skipped if another node has it). */
export interface InspectedPortInput {
  address: string;
  pxe_enabled?: boolean;
  extra?: Dict;
}

/**
 * What one inspection learned, saved under one lock of the node: properties merged over the node's,
 * then the port changes, then the introspection rules' edits (checked as any node update is).
 */
export interface InspectionChanges {
  properties?: Dict;
  ports?: {
    add?: InspectedPortInput[];
    /** pxe_enabled of existing ports of the node, by MAC. */
    set_pxe?: { address: string; pxe_enabled: boolean }[];
    /** MACs of the node's ports to delete. */
    remove?: string[];
    /** Fields of existing ports of the node, by MAC (Ironic's inspection rules' port actions). */
    update?: { address: string; changes: Dict }[];
  };
  changes?: NodeChanges;
  /** The node's whole new list of traits (Ironic's inspection rules' add-/remove-trait). */
  traits?: string[];
}

/** The inspector's whole result for a node in one call (one lock, one node read), instead of one call per write. */
export const ApplyInspection = defineCall<{ node_uuid: string } & InspectionChanges, NodeRecord>()(
  'conductor',
  'node.apply-inspection.v1',
  z.object({
    node_uuid: uuid,
    properties: record.optional(),
    ports: z
      .object({
        add: z.array(z.object({ address: z.string().min(1), pxe_enabled: z.boolean().optional(), extra: record.optional() })).optional(),
        set_pxe: z.array(z.object({ address: z.string().min(1), pxe_enabled: z.boolean() })).optional(),
        remove: z.array(z.string().min(1)).optional(),
        update: z.array(z.object({ address: z.string().min(1), changes: record })).optional(),
      })
      .optional(),
    changes: record.optional(),
    traits: z.array(z.string().min(1)).optional(),
  }),
);

export interface HeartbeatRequest {
  node_uuid: string;
  callback_url: string;
  agent_token?: string;
  agent_version?: string;
  agent_verify_ca?: string;
  agent_status?: string;
  agent_status_message?: string;
}

/** The agent's heartbeat (POST /v1/heartbeat/{node}); the API has checked the body against its version. */
export const AgentHeartbeat = defineCall<HeartbeatRequest, null>()(
  'conductor',
  'node.heartbeat.v1',
  z.object({
    node_uuid: uuid,
    callback_url: z.string(),
    agent_token: z.string().optional(),
    agent_version: z.string().optional(),
    agent_verify_ca: z.string().optional(),
    agent_status: z.string().optional(),
    agent_status_message: z.string().optional(),
  }),
);
