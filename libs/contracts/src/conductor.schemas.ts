import { z } from 'zod';
import type { ConductorMethod, DriverMethod } from './conductor.rpc';
import { POWER_TARGETS } from './states';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');
const record = z.record(z.string(), z.unknown());

/**
 * Structural checks of each conductor request at the NATS edge. The API has already validated the
 * fields in Ironic's terms; these catch a malformed or mismatched-version message before it reaches a service.
 */
export const CONDUCTOR_REQUEST_SCHEMAS: { [M in ConductorMethod]: z.ZodType } = {
  'node.create.v1': z.object({ node: z.looseObject({ driver: z.string().min(1), uuid: uuid.optional() }) }),
  'node.update.v1': z.object({ node_uuid: uuid, changes: record, reset_interfaces: z.boolean().optional() }),
  'node.delete.v1': z.object({ node_uuid: uuid }),
  'node.set-power.v1': z.object({
    node_uuid: uuid,
    target: z.enum(POWER_TARGETS as [string, ...string[]]),
    timeout: z.number().int().positive().optional(),
  }),
  'node.provision.v1': z.object({
    node_uuid: uuid,
    event: z.string().min(1),
    params: z.object({
      configdrive: z.union([z.string(), record]).nullish(),
      clean_steps: z.array(z.looseObject({ interface: z.string(), step: z.string(), args: record.optional() })).nullish(),
      deploy_steps: z.array(z.looseObject({ interface: z.string(), step: z.string(), args: record.optional(), priority: z.number() })).nullish(),
      rescue_password: z.string().nullish(),
      disable_ramdisk: z.boolean().nullish(),
    }),
  }),
  'node.set-maintenance.v1': z.object({ node_uuid: uuid, maintenance: z.boolean(), reason: z.string().nullish() }),
  'node.validate.v1': z.object({ node_uuid: uuid }),
  'node.get-boot-device.v1': z.object({ node_uuid: uuid }),
  'node.set-boot-device.v1': z.object({ node_uuid: uuid, boot_device: z.string().min(1), persistent: z.boolean() }),
  'node.supported-boot-devices.v1': z.object({ node_uuid: uuid }),
  'node.vendor-passthru.v1': z.object({
    node_uuid: uuid,
    method: z.string().min(1),
    http_method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    args: record,
    job: z.boolean().optional(),
  }),
  'node.vendor-methods.v1': z.object({ node_uuid: uuid }),
  'port.create.v1': z.object({ port: z.looseObject({ address: z.string().min(1), node_uuid: uuid }) }),
  'port.update.v1': z.object({ port_uuid: uuid, changes: record }),
  'port.delete.v1': z.object({ port_uuid: uuid }),
  'ping.v1': z.object({}),
  'node.inspection-finished.v1': z.object({ node_uuid: uuid, error: z.string().nullable() }),
  'node.heartbeat.v1': z.object({
    node_uuid: uuid,
    callback_url: z.string(),
    agent_token: z.string().optional(),
    agent_version: z.string().optional(),
    agent_verify_ca: z.string().optional(),
    agent_status: z.string().optional(),
    agent_status_message: z.string().optional(),
  }),
};

export const DRIVER_REQUEST_SCHEMAS: { [M in DriverMethod]: z.ZodType } = {
  'vendor-passthru.v1': z.object({
    method: z.string().min(1),
    http_method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    args: record,
    job: z.boolean().optional(),
  }),
  'vendor-methods.v1': z.object({}),
  'properties.v1': z.object({}),
  'raid-logical-disk-properties.v1': z.object({}),
  'agent-lookup.v1': z.object({ addresses: z.array(z.string()), node_uuid: uuid.optional(), issue_token: z.boolean() }),
};
