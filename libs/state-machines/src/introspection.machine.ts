/**
 * ironic-inspector's own introspection state machine (spec §4), not Ironic's provision states: one row
 * per node in the inspector's cache moves through these while the ramdisk boots, reports and is processed.
 */
export const INTROSPECTION_STATES = ['starting', 'waiting', 'processing', 'finished', 'error', 'aborting', 'reapplying', 'enrolling'] as const;
export type IntrospectionState = (typeof INTROSPECTION_STATES)[number];

export const INTROSPECTION_EVENTS = ['start', 'wait', 'process', 'finish', 'error', 'timeout', 'abort', 'abort_end', 'reapply'] as const;
export type IntrospectionEvent = (typeof INTROSPECTION_EVENTS)[number];

type Row = Readonly<Partial<Record<IntrospectionEvent, IntrospectionState>>>;

/**
 * Spec §4's table. One deliberate difference: `waiting --error--> error`. Upstream lacks it, so a node
 * whose ramdisk reported an error sat in `waiting` until the timeout; Ferrum fails it at once (issue 7).
 */
export const INTROSPECTION_TRANSITIONS = {
  starting: { wait: 'waiting', error: 'error', timeout: 'error' },
  waiting: { start: 'starting', process: 'processing', error: 'error', timeout: 'error', abort: 'aborting' },
  processing: { finish: 'finished', error: 'error', timeout: 'error' },
  finished: { start: 'starting', finish: 'finished', reapply: 'reapplying' },
  error: { start: 'starting', error: 'error', abort: 'error', reapply: 'reapplying' },
  reapplying: { finish: 'finished', error: 'error', timeout: 'error', reapply: 'reapplying' },
  enrolling: { process: 'processing', error: 'error', timeout: 'error' },
  aborting: { timeout: 'error', abort_end: 'error' },
} as const satisfies Record<IntrospectionState, Row>;

/** States in which the inspector works on the node itself (the others wait for someone). */
export const ACTIVE_INTROSPECTION_STATES: readonly IntrospectionState[] = ['starting', 'processing', 'aborting', 'reapplying', 'enrolling'];

/** Raised for a (state, event) pair the table does not allow; the message is ironic-inspector's. */
export class InvalidIntrospectionEvent extends Error {
  constructor(
    readonly state: string,
    readonly event: string,
  ) {
    super(`Invalid event: the node is in state "${state}" which does not accept event "${event}"`);
    this.name = 'InvalidIntrospectionEvent';
  }
}

export function isIntrospectionState(value: string): value is IntrospectionState {
  return (INTROSPECTION_STATES as readonly string[]).includes(value);
}

/** The state an event leads to, without side effects. @throws InvalidIntrospectionEvent */
export function nextIntrospectionState(state: string, event: IntrospectionEvent): IntrospectionState {
  const row: Row | undefined = isIntrospectionState(state) ? INTROSPECTION_TRANSITIONS[state] : undefined;
  const to = row?.[event];
  if (!to) throw new InvalidIntrospectionEvent(state, event);
  return to;
}
