/** One entry of a node's history (API 1.78): what went wrong, when, on which conductor. */
export interface NodeHistoryRecord {
  id: number;
  uuid: string;
  node_id: number;
  created_at: string;
  severity: 'ERROR' | 'INFO';
  event_type: string;
  event: string;
  conductor: string | null;
  user: string | null;
}

/**
 * The activity an error belongs to, named as Ironic names it (states.CLEANING, DEPLOYING…), from the
 * provision state the node was in when it failed. Power and other errors outside a provisioning flow are
 * "UNKNOWN", as Ironic records a failed power action.
 */
export function historyEventType(provisionState: string): string {
  if (/clean/.test(provisionState)) return 'cleaning';
  if (/deploy|wait call-back/.test(provisionState)) return 'deploying';
  if (/inspect/.test(provisionState)) return 'introspection';
  if (/rescu/.test(provisionState)) return 'rescue';
  if (/adopt/.test(provisionState)) return 'adoption';
  if (/verif/.test(provisionState)) return 'verifying';
  if (/delet|error/.test(provisionState)) return 'unprovision';
  return 'UNKNOWN';
}
