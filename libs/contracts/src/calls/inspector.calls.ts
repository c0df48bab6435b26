import { z } from 'zod';
import { defineCall } from '../call';
import { uuid } from './fields';

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
 * processes the data and answers the node's uuid. Lookup failures are NotFound, saying nothing more (Ironic
 * does not tell an unauthenticated caller which nodes exist).
 */
export const ContinueInspection = defineCall<{ data: Record<string, unknown>; node_uuid?: string }, { uuid: string }>()(
  'inspector',
  'inspection.continue.v1',
  z.object({ data: z.record(z.string(), z.unknown()), node_uuid: uuid.optional() }),
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
