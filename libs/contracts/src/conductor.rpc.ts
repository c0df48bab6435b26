import type { Dict, NodeRecord, PortRecord } from './records';
import type { PowerTarget } from './states';

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
}
export type PortChanges = Partial<Omit<PortCreateInput, 'uuid'>>;

/** Optional fields of a provision request, already checked by the API against the verb and version. */
export interface ProvisionRequestParams {
  configdrive?: string | Record<string, unknown> | null;
  clean_steps?: { interface: string; step: string; args?: Record<string, unknown> }[] | null;
  deploy_steps?: { interface: string; step: string; args?: Record<string, unknown>; priority: number }[] | null;
  rescue_password?: string | null;
  disable_ramdisk?: boolean | null;
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

/**
 * Request/reply calls a conductor answers, keyed by the tail of their NATS subject.
 * Each name ends in its version; a breaking change adds `.v2` beside `.v1`.
 */
export interface ConductorRpc {
  'node.create.v1': { request: { node: NodeCreateInput }; reply: NodeRecord };
  'node.update.v1': { request: { node_uuid: string; changes: NodeChanges; reset_interfaces?: boolean }; reply: NodeRecord };
  'node.delete.v1': { request: { node_uuid: string }; reply: null };
  'node.set-power.v1': { request: { node_uuid: string; target: PowerTarget; timeout?: number }; reply: null };
  /** A user provision event (manage, provide, inspect, clean, deploy, rebuild, delete, abort, adopt, rescue, unrescue). */
  'node.provision.v1': { request: { node_uuid: string; event: string; params: ProvisionRequestParams }; reply: null };
  'node.set-maintenance.v1': { request: { node_uuid: string; maintenance: boolean; reason?: string | null }; reply: null };
  'node.validate.v1': { request: { node_uuid: string }; reply: Record<string, InterfaceValidation> };
  'node.get-boot-device.v1': { request: { node_uuid: string }; reply: BootDeviceReply };
  'node.set-boot-device.v1': { request: { node_uuid: string; boot_device: string; persistent: boolean }; reply: null };
  'node.supported-boot-devices.v1': { request: { node_uuid: string }; reply: { supported_boot_devices: string[] } };
  'node.vendor-passthru.v1': { request: VendorCallRequest & { node_uuid: string }; reply: VendorCallReply };
  'node.vendor-methods.v1': { request: { node_uuid: string }; reply: Record<string, VendorMethodInfo> };
  'port.create.v1': { request: { port: PortCreateInput }; reply: PortRecord };
  'port.update.v1': { request: { port_uuid: string; changes: PortChanges }; reply: PortRecord };
  'port.delete.v1': { request: { port_uuid: string }; reply: null };
  'ping.v1': { request: Record<string, never>; reply: { hostname: string } };
  /** The inspector reports the end of an introspection (error null = success): the node leaves `inspect wait`. */
  'node.inspection-finished.v1': { request: { node_uuid: string; error: string | null }; reply: null };
  /** The agent's heartbeat (POST /v1/heartbeat/{node}); the API has checked the body against its version. */
  'node.heartbeat.v1': {
    request: { node_uuid: string; callback_url: string; agent_token?: string; agent_version?: string; agent_verify_ca?: string; agent_status?: string; agent_status_message?: string };
    reply: null;
  };
}
export type ConductorMethod = keyof ConductorRpc;

/** NATS subject tokens may not contain '.', '*', '>' or whitespace; hostnames may contain dots. */
export function subjectToken(value: string): string {
  return value.replace(/[.*>\s]/g, '_');
}

/** The subject one conductor listens on for one method: `ferrum.conductor.<host>.<method>.v1`. */
export function conductorSubject(hostname: string, method: ConductorMethod): string {
  return `ferrum.conductor.${subjectToken(hostname)}.${method}`;
}

/**
 * Calls any conductor offering a hardware type answers (no node): sent to a NATS queue group per
 * hardware type, so NATS picks one of those conductors at random and never one without the driver.
 */
export interface DriverRpc {
  'vendor-passthru.v1': { request: VendorCallRequest; reply: VendorCallReply };
  'vendor-methods.v1': { request: Record<string, never>; reply: Record<string, VendorMethodInfo> };
  'properties.v1': { request: Record<string, never>; reply: Record<string, string> };
  'raid-logical-disk-properties.v1': { request: Record<string, never>; reply: Record<string, string> };
  /**
   * GET /v1/lookup: the agent's node (restricted fields) and config. Any conductor answers, whatever its
   * hardware types' vendor interfaces; `issue_token` false (below 1.62) leaves the node without a token.
   */
  'agent-lookup.v1': {
    request: { addresses: string[]; node_uuid?: string; issue_token: boolean };
    reply: { node: { uuid: string; properties: Record<string, unknown>; instance_info: Record<string, unknown>; driver_internal_info: Record<string, unknown> }; config: Record<string, unknown> };
  };
}
export type DriverMethod = keyof DriverRpc;

/** `ferrum.driver.<hardware type>.<method>.v1`, answered by the queue group of the same name without the method. */
export function driverSubject(driver: string, method: DriverMethod): string {
  return `ferrum.driver.${subjectToken(driver)}.${method}`;
}

export function driverQueue(driver: string): string {
  return `ferrum.driver.${subjectToken(driver)}`;
}
