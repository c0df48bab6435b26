import { z } from 'zod';

/** ironic-inspector's status object (spec §2.1), as the inspector answers it over NATS. */
export interface IntrospectionStatus {
  uuid: string;
  state: string;
  finished: boolean;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * Calls the inspector answers (the conductor's `inspector` inspect interface is the caller). Every
 * inspector listens in one queue group, so any of them may answer; their state is in the database.
 */
export interface InspectorRpc {
  /** `POST /v1/introspection/<uuid>` semantics: checks the node, records a `starting` row, then boots it in the background. */
  'introspection.start.v1': { request: { node_uuid: string; manage_boot: boolean }; reply: IntrospectionStatus };
  /** `POST /v1/introspection/<uuid>/abort` semantics (the power-off runs in the background). */
  'introspection.abort.v1': { request: { node_uuid: string }; reply: null };
  /** `GET /v1/introspection/<uuid>`; null when the node was never introspected. */
  'introspection.status.v1': { request: { node_uuid: string }; reply: IntrospectionStatus | null };
}
export type InspectorMethod = keyof InspectorRpc;

/** The default subject prefix and queue group of inspectors (FERRUM_INSPECTOR_SUBJECT). */
export const INSPECTOR_QUEUE = 'ferrum.inspector';

/** `<prefix>.<method>` (`ferrum.inspector.introspection.start.v1`), answered by the queue group named `<prefix>`. */
export function inspectorSubject(method: InspectorMethod, prefix: string = INSPECTOR_QUEUE): string {
  return `${prefix}.${method}`;
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');

export const INSPECTOR_REQUEST_SCHEMAS: { [M in InspectorMethod]: z.ZodType } = {
  'introspection.start.v1': z.object({ node_uuid: uuid, manage_boot: z.boolean() }),
  'introspection.abort.v1': z.object({ node_uuid: uuid }),
  'introspection.status.v1': z.object({ node_uuid: uuid }),
};
