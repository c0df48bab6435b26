import {
  INTROSPECTION_EVENTS,
  INTROSPECTION_STATES,
  IntrospectionEvent,
  IntrospectionState,
  InvalidIntrospectionEvent,
  nextIntrospectionState,
} from './introspection.machine';

/** Spec §4's table written out again by hand, plus Ferrum's waiting → error. */
const ALLOWED: [IntrospectionState, IntrospectionEvent, IntrospectionState][] = [
  ['starting', 'wait', 'waiting'],
  ['starting', 'error', 'error'],
  ['starting', 'timeout', 'error'],
  ['waiting', 'start', 'starting'],
  ['waiting', 'process', 'processing'],
  ['waiting', 'error', 'error'],
  ['waiting', 'timeout', 'error'],
  ['waiting', 'abort', 'aborting'],
  ['processing', 'finish', 'finished'],
  ['processing', 'error', 'error'],
  ['processing', 'timeout', 'error'],
  ['finished', 'start', 'starting'],
  ['finished', 'finish', 'finished'],
  ['finished', 'reapply', 'reapplying'],
  ['error', 'start', 'starting'],
  ['error', 'error', 'error'],
  ['error', 'abort', 'error'],
  ['error', 'reapply', 'reapplying'],
  ['reapplying', 'finish', 'finished'],
  ['reapplying', 'error', 'error'],
  ['reapplying', 'timeout', 'error'],
  ['reapplying', 'reapply', 'reapplying'],
  ['enrolling', 'process', 'processing'],
  ['enrolling', 'error', 'error'],
  ['enrolling', 'timeout', 'error'],
  ['aborting', 'timeout', 'error'],
  ['aborting', 'abort_end', 'error'],
];

describe('introspection state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, event, to) => {
    expect(nextIntrospectionState(from, event)).toBe(to);
  });

  const refused = INTROSPECTION_STATES.flatMap((s) =>
    INTROSPECTION_EVENTS.filter((e) => !ALLOWED.some(([f, ev]) => f === s && ev === e)).map((e) => [s, e] as const),
  );

  it.each(refused)('refuses %s --%s-->', (from, event) => {
    expect(() => nextIntrospectionState(from, event)).toThrow(InvalidIntrospectionEvent);
  });

  it('covers every (state, event) pair between the two tables', () => {
    expect(ALLOWED.length + refused.length).toBe(INTROSPECTION_STATES.length * INTROSPECTION_EVENTS.length);
  });

  it('fails a node whose ramdisk reported an error while it waited, instead of leaving it until the timeout', () => {
    expect(nextIntrospectionState('waiting', 'error')).toBe('error');
  });

  it('refuses an unknown stored state with the state named in the message', () => {
    expect(() => nextIntrospectionState('bogus', 'start')).toThrow('Invalid event: the node is in state "bogus" which does not accept event "start"');
  });
});
