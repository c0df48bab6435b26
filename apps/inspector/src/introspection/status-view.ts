import type { IntrospectionStatus } from '@ferrum/contracts';
import type { IntrospectionRecord } from '@ferrum/persistence';

const iso = (d: Date | null) => (d ? d.toISOString().replace('Z', '') : null);

/** ironic-inspector's status object (§2.1); `finished` is finished_at != null, true on error too. */
export function statusOf(row: IntrospectionRecord): IntrospectionStatus {
  return { uuid: row.uuid, state: row.state, finished: row.finished_at !== null, error: row.error, started_at: iso(row.started_at), finished_at: iso(row.finished_at) };
}
