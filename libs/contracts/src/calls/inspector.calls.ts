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

/** `POST /v1/introspection/<uuid>` semantics: checks the node, records a `starting` row, then boots it in the background. */
export const StartIntrospection = defineCall<{ node_uuid: string; manage_boot: boolean }, IntrospectionStatus>()(
  'inspector',
  'introspection.start.v1',
  z.object({ node_uuid: uuid, manage_boot: z.boolean() }),
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
