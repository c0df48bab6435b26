import { z } from 'zod';
import type { ConductorMethod } from './conductor.rpc';
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
  'port.create.v1': z.object({ port: z.looseObject({ address: z.string().min(1), node_uuid: uuid }) }),
  'port.update.v1': z.object({ port_uuid: uuid, changes: record }),
  'port.delete.v1': z.object({ port_uuid: uuid }),
  'ping.v1': z.object({}),
};
