import { z } from 'zod';
import { defineCall } from '../call';
import type { InspectionRuleRecord } from '../records';
import type { AgentLookupReply } from './driver.calls';
import { record, uuid } from './fields';

/** ironic-inspector's status object (spec §2.1), as the inspector answers it over NATS. */
export interface IntrospectionStatus {
  uuid: string;
  state: string;
  finished: boolean;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

/*
 * Calls the inspector answers (the conductor's `inspector` inspect interface is the caller). Every
 * inspector listens in one queue group (FERRUM_INSPECTOR_SUBJECT), so any of them may answer; their
 * state is in the database.
 */

/** Whose processing a run gets: ironic-inspector's hooks and rules (`inspector`) or Ironic's built-in inspection (`agent`). */
export type InspectionDialect = 'inspector' | 'agent';

/**
 * `POST /v1/introspection/<uuid>` semantics: checks the node, records a `starting` row, then boots it in the
 * background. The `agent` inspect interface starts the same run with `dialect: 'agent'`.
 */
export const StartIntrospection = defineCall<{ node_uuid: string; manage_boot: boolean; dialect?: InspectionDialect }, IntrospectionStatus>()(
  'inspector',
  'introspection.start.v1',
  z.object({ node_uuid: uuid, manage_boot: z.boolean(), dialect: z.enum(['inspector', 'agent']).optional() }),
);

/**
 * Ironic's ramdisk callback, `POST /v1/continue_inspection` (1.84; also at the base version, as a drop-in
 * for ironic-inspector's `/v1/continue`): the API checked the body's shape, the inspector looks the node up,
 * processes the data and answers the node's uuid; with `issue_token` (API 1.84), also what a lookup answers,
 * token included, fetched before processing as Ironic does. Lookup failures are NotFound, saying nothing more (Ironic
 * does not tell an unauthenticated caller which nodes exist).
 */
export const ContinueInspection = defineCall<{ data: Record<string, unknown>; node_uuid?: string; issue_token?: boolean }, { uuid: string; lookup?: AgentLookupReply }>()(
  'inspector',
  'inspection.continue.v1',
  z.object({ data: z.record(z.string(), z.unknown()), node_uuid: uuid.optional(), issue_token: z.boolean().optional() }),
);

/** `POST /v1/introspection/<uuid>/abort` semantics (the power-off runs in the background). */
export const AbortIntrospection = defineCall<{ node_uuid: string }, null>()('inspector', 'introspection.abort.v1', z.object({ node_uuid: uuid }));

/** `GET /v1/introspection/<uuid>`; null when the node was never introspected. */
export const GetIntrospectionStatus = defineCall<{ node_uuid: string }, IntrospectionStatus | null>()(
  'inspector',
  'introspection.status.v1',
  z.object({ node_uuid: uuid }),
);

/** The default subject prefix and queue group of inspectors (FERRUM_INSPECTOR_SUBJECT). */
export const INSPECTOR_QUEUE = 'ferrum.inspector';

/*
 * Ironic's inspection rules (`/v1/inspection_rules`, 1.96): the API checks the request's shape and the
 * caller's rights, the inspector validates rules with its engine and stores them. Every reply shows a
 * sensitive rule without its conditions and actions (they may hold credentials), so those never cross the bus.
 */

/** A rule body as the client sent it (validated by the inspector: Ironic's schema, then validate_rule). A missing uuid is generated. */
export const CreateInspectionRule = defineCall<{ rule: Record<string, unknown> }, InspectionRuleRecord>()(
  'inspector',
  'inspection-rule.create.v1',
  z.object({ rule: record }),
);

/** One rule by uuid (InspectionRuleNotFound otherwise). */
export const GetInspectionRule = defineCall<{ uuid: string }, InspectionRuleRecord>()('inspector', 'inspection-rule.get.v1', z.object({ uuid: z.string() }));

/** A page of rules, as Ironic's list: the API checked limit, sort key and direction; the marker is a rule's uuid. */
export const ListInspectionRules = defineCall<
  { limit: number; sort_key: string; sort_dir: 'asc' | 'desc'; marker?: string },
  InspectionRuleRecord[]
>()(
  'inspector',
  'inspection-rule.list.v1',
  z.object({ limit: z.number().int().positive(), sort_key: z.string(), sort_dir: z.enum(['asc', 'desc']), marker: z.string().optional() }),
);

/** A JSON patch (add/replace/remove operations, shape checked by the API) applied as Ironic's PATCH does. */
export const UpdateInspectionRule = defineCall<{ uuid: string; patch: { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }[] }, InspectionRuleRecord>()(
  'inspector',
  'inspection-rule.update.v1',
  z.object({ uuid: z.string(), patch: z.array(z.object({ op: z.enum(['add', 'replace', 'remove']), path: z.string(), value: z.unknown().optional() })) }),
);

export const DeleteInspectionRule = defineCall<{ uuid: string }, null>()('inspector', 'inspection-rule.delete.v1', z.object({ uuid: z.string() }));
