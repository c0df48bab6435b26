import { z } from 'zod';
import { defineCall } from '../call';
import type { VendorCallReply, VendorCallRequest, VendorMethodInfo } from './conductor.calls';
import { httpMethod, record, uuid } from './fields';

/*
 * Calls any conductor offering a hardware type answers (no node): each hardware type has its own queue
 * group, so NATS picks one of those conductors at random and never one without the driver. The handler
 * learns which hardware type was asked from the call's context.
 */

export const DriverVendorPassthru = defineCall<VendorCallRequest, VendorCallReply>()(
  'driver',
  'vendor-passthru.v1',
  z.object({ method: z.string().min(1), http_method: httpMethod, args: record, job: z.boolean().optional() }),
);

export const ListDriverVendorMethods = defineCall<Record<string, never>, Record<string, VendorMethodInfo>>()('driver', 'vendor-methods.v1', z.object({}));

export const GetDriverProperties = defineCall<Record<string, never>, Record<string, string>>()('driver', 'properties.v1', z.object({}));

export const GetRaidLogicalDiskProperties = defineCall<Record<string, never>, Record<string, string>>()('driver', 'raid-logical-disk-properties.v1', z.object({}));

export interface AgentLookupReply {
  node: { uuid: string; properties: Record<string, unknown>; instance_info: Record<string, unknown>; driver_internal_info: Record<string, unknown> };
  config: Record<string, unknown>;
}

/**
 * GET /v1/lookup: the agent's node (restricted fields) and config. Any conductor answers, whatever its
 * hardware types' vendor interfaces; `issue_token` false (below 1.62) leaves the node without a token.
 */
export const AgentLookup = defineCall<{ addresses: string[]; node_uuid?: string; issue_token: boolean }, AgentLookupReply>()(
  'driver',
  'agent-lookup.v1',
  z.object({ addresses: z.array(z.string()), node_uuid: uuid.optional(), issue_token: z.boolean() }),
);
