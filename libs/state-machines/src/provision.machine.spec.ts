import { FerrumError, InvalidStateRequested } from '@ferrum/errors';
import { PROVISION_EVENTS, ProvisionEvent } from './provision.events';
import { allowedEvents, isActionable, next, PROVISION_TRANSITIONS } from './provision.machine';
import { DEFAULT_TARGETS, isStableState, PROVISION_STATES, ProvisionState, STABLE_STATES } from './provision.states';

function caught(fn: () => unknown): FerrumError {
  try {
    fn();
  } catch (error) {
    return error as FerrumError;
  }
  throw new Error('expected an error');
}

/** Spec §14.2 written out again by hand, with the target §14.1/§14.3 say each move leaves behind. */
const EXPECTED: [ProvisionState, ProvisionEvent, ProvisionState, ProvisionState | null][] = [
  ['enroll', 'manage', 'verifying', 'manageable'],
  ['verifying', 'done', 'manageable', null],
  ['verifying', 'fail', 'enroll', null],
  ['manageable', 'inspect', 'inspecting', 'manageable'],
  ['manageable', 'provide', 'cleaning', 'available'],
  ['manageable', 'clean', 'cleaning', 'manageable'],
  ['manageable', 'adopt', 'adopting', 'active'],
  ['inspecting', 'done', 'manageable', null],
  ['inspecting', 'wait', 'inspect wait', 'manageable'],
  ['inspecting', 'fail', 'inspect failed', 'manageable'],
  ['inspect wait', 'done', 'manageable', null],
  ['inspect wait', 'fail', 'inspect failed', 'manageable'],
  ['inspect wait', 'abort', 'inspect failed', 'manageable'],
  ['inspect failed', 'manage', 'manageable', null],
  ['inspect failed', 'inspect', 'inspecting', 'manageable'],
  ['cleaning', 'done', 'available', null],
  ['cleaning', 'wait', 'clean wait', 'available'],
  ['cleaning', 'fail', 'clean failed', 'available'],
  ['cleaning', 'manage', 'manageable', null],
  ['clean wait', 'resume', 'cleaning', 'available'],
  ['clean wait', 'fail', 'clean failed', 'available'],
  ['clean wait', 'abort', 'clean failed', 'available'],
  ['clean failed', 'manage', 'manageable', null],
  // 1.85 (Ironic 22.1): hold steps and the unhold verb.
  ['cleaning', 'hold', 'clean hold', 'available'],
  ['clean wait', 'hold', 'clean hold', 'available'],
  ['clean hold', 'unhold', 'clean wait', 'available'],
  ['clean hold', 'abort', 'clean failed', 'available'],
  ['deploying', 'hold', 'deploy hold', 'active'],
  ['wait call-back', 'hold', 'deploy hold', 'active'],
  ['deploy hold', 'unhold', 'wait call-back', 'active'],
  ['deploy hold', 'abort', 'deploy failed', 'active'],
  // 1.87 (Ironic 23.0) servicing, with the moves added up to 2026.1.
  ['active', 'service', 'servicing', 'active'],
  ['servicing', 'done', 'active', null],
  ['servicing', 'fail', 'service failed', 'active'],
  ['servicing', 'wait', 'service wait', 'active'],
  ['servicing', 'hold', 'service hold', 'active'],
  ['service wait', 'resume', 'servicing', 'active'],
  ['service wait', 'fail', 'service failed', 'active'],
  ['service wait', 'abort', 'service failed', 'active'],
  ['service wait', 'hold', 'service hold', 'active'],
  ['service wait', 'delete', 'deleting', 'available'],
  ['service hold', 'service', 'servicing', 'active'],
  ['service hold', 'unhold', 'service wait', 'active'],
  ['service hold', 'abort', 'service failed', 'active'],
  ['service hold', 'fail', 'service failed', 'active'],
  ['service failed', 'service', 'servicing', 'active'],
  ['service failed', 'rescue', 'rescuing', 'rescue'],
  ['service failed', 'wait', 'service wait', 'active'],
  ['service failed', 'hold', 'service hold', 'active'],
  ['service failed', 'delete', 'deleting', 'available'],
  ['service failed', 'abort', 'active', null],
  ['available', 'deploy', 'deploying', 'active'],
  ['available', 'manage', 'manageable', null],
  ['deploying', 'done', 'active', null],
  ['deploying', 'wait', 'wait call-back', 'active'],
  ['deploying', 'fail', 'deploy failed', 'active'],
  ['wait call-back', 'resume', 'deploying', 'active'],
  ['wait call-back', 'fail', 'deploy failed', 'active'],
  ['wait call-back', 'delete', 'deleting', 'available'],
  ['wait call-back', 'abort', 'deploy failed', 'active'], // 1.110
  ['deploy failed', 'deploy', 'deploying', 'active'],
  ['deploy failed', 'rebuild', 'deploying', 'active'],
  ['deploy failed', 'delete', 'deleting', 'available'],
  ['active', 'rebuild', 'deploying', 'active'],
  ['active', 'delete', 'deleting', 'available'],
  ['active', 'rescue', 'rescuing', 'rescue'],
  ['deleting', 'clean', 'cleaning', 'available'],
  ['deleting', 'fail', 'error', null],
  ['error', 'rebuild', 'deploying', 'active'],
  ['error', 'delete', 'deleting', 'available'],
  ['adopting', 'done', 'active', null],
  ['adopting', 'fail', 'adopt failed', 'active'],
  ['adopt failed', 'adopt', 'adopting', 'active'],
  ['adopt failed', 'manage', 'manageable', null],
  ['rescuing', 'done', 'rescue', null],
  ['rescuing', 'wait', 'rescue wait', 'rescue'],
  ['rescuing', 'fail', 'rescue failed', 'rescue'],
  ['rescue wait', 'resume', 'rescuing', 'rescue'],
  ['rescue wait', 'fail', 'rescue failed', 'rescue'],
  ['rescue wait', 'abort', 'rescue failed', 'rescue'],
  ['rescue wait', 'delete', 'deleting', 'available'],
  ['rescue', 'rescue', 'rescuing', 'rescue'],
  ['rescue', 'unrescue', 'unrescuing', 'active'],
  ['rescue', 'delete', 'deleting', 'available'],
  ['rescue failed', 'rescue', 'rescuing', 'rescue'],
  ['rescue failed', 'unrescue', 'unrescuing', 'active'],
  ['rescue failed', 'delete', 'deleting', 'available'],
  ['unrescuing', 'done', 'active', null],
  ['unrescuing', 'fail', 'unrescue failed', 'active'],
  ['unrescue failed', 'rescue', 'rescuing', 'rescue'],
  ['unrescue failed', 'unrescue', 'unrescuing', 'active'],
  ['unrescue failed', 'delete', 'deleting', 'available'],
];

const allowed = new Set(EXPECTED.map(([from, event]) => `${from}|${event}`));
const REFUSED = PROVISION_STATES.flatMap((state) =>
  PROVISION_EVENTS.filter((event) => !allowed.has(`${state}|${event}`)).map((event) => [state, event] as const),
);

describe('provision state machine', () => {
  it.each(EXPECTED)('moves a node in "%s" on %s to "%s" with target %s', (from, event, to, target) => {
    expect(next(from, event)).toEqual({ state: to, target });
  });

  it('has exactly the transitions of the spec, no more', () => {
    const rows = Object.values(PROVISION_TRANSITIONS).reduce((n, row) => n + Object.keys(row).length, 0);
    expect(rows).toBe(EXPECTED.length);
    expect(REFUSED.length + EXPECTED.length).toBe(PROVISION_STATES.length * PROVISION_EVENTS.length);
  });

  it.each(REFUSED)('refuses a node in "%s" the event %s with Ironic\'s 400', (state, event) => {
    const error = caught(() => next({ uuid: 'n-1', provision_state: state }, event));
    expect(error).toBeInstanceOf(InvalidStateRequested);
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      `The requested action "${event}" can not be performed on node "n-1" while it is in state "${state}".`,
    );
    expect(error.params).toEqual({ action: event, node: 'n-1', state });
  });

  it('lets a deploy waiting for its agent be aborted into deploy failed (1.110, gated by the API), or undeployed', () => {
    expect(isActionable('wait call-back', 'abort')).toBe(true);
    expect(next('wait call-back', 'abort').state).toBe('deploy failed');
    expect(next('wait call-back', 'delete').state).toBe('deleting');
  });

  it('refuses any event on a state it does not know, naming that state', () => {
    const error = caught(() => next({ uuid: 'n-2', provision_state: 'deploy complete' }, 'deploy'));
    expect(error).toBeInstanceOf(InvalidStateRequested);
    expect(error.message).toContain('while it is in state "deploy complete"');
  });

  describe('targets', () => {
    it.each(PROVISION_STATES.filter((s) => !isStableState(s)))('gives transient state "%s" a default target', (state) => {
      expect(DEFAULT_TARGETS[state]).not.toBeNull();
      expect(STABLE_STATES).toContain(DEFAULT_TARGETS[state]);
    });

    it.each([...STABLE_STATES])('clears the target when a node settles in "%s"', (state) => {
      expect(DEFAULT_TARGETS[state]).toBeNull();
      for (const [, , to, target] of EXPECTED) if (to === state) expect(target).toBeNull();
    });

    it.each([
      ['deploying', 'fail', 'deploy failed', 'active'],
      ['cleaning', 'fail', 'clean failed', 'available'],
      ['inspecting', 'fail', 'inspect failed', 'manageable'],
      ['adopting', 'fail', 'adopt failed', 'active'],
      ['rescuing', 'fail', 'rescue failed', 'rescue'],
      ['unrescuing', 'fail', 'unrescue failed', 'active'],
    ] as const)('keeps showing where a failed node was going: %s + %s → "%s" targets %s', (from, event, to, target) => {
      expect(next(from, event)).toEqual({ state: to, target });
    });

    it('shows no target once a failed teardown lands in the stable "error" state', () => {
      expect(next('deleting', 'fail')).toEqual({ state: 'error', target: null });
    });

    it('keeps a manual clean aimed at manageable through wait, resume and failure', () => {
      const node = { uuid: 'n-3', provision_state: 'manageable', target_provision_state: null as string | null };
      const steps: [ProvisionEvent, ProvisionState, ProvisionState | null][] = [
        ['clean', 'cleaning', 'manageable'],
        ['wait', 'clean wait', 'manageable'],
        ['resume', 'cleaning', 'manageable'],
        ['wait', 'clean wait', 'manageable'],
        ['fail', 'clean failed', 'manageable'],
        ['manage', 'manageable', null],
      ];
      for (const [event, state, target] of steps) {
        const result = next(node, event);
        expect(result).toEqual({ state, target });
        node.provision_state = result.state;
        node.target_provision_state = result.target;
      }
    });

    it('ends a successful manual clean in manageable with no target', () => {
      expect(next({ provision_state: 'cleaning', target_provision_state: 'manageable' }, 'manage')).toEqual({
        state: 'manageable',
        target: null,
      });
    });

    it('aims automated cleaning after teardown at available, whatever target the node showed before', () => {
      expect(next({ provision_state: 'deleting', target_provision_state: 'manageable' }, 'clean').target).toBe('available');
      expect(next({ provision_state: 'clean wait', target_provision_state: 'available' }, 'resume').target).toBe('available');
    });
  });

  describe('graph', () => {
    it('reaches every provision state from enroll', () => {
      const seen = new Set<ProvisionState>(['enroll']);
      const queue: ProvisionState[] = ['enroll'];
      for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
        for (const event of allowedEvents(state)) {
          const { state: to } = next(state, event);
          if (!seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      expect([...seen].sort()).toEqual([...PROVISION_STATES].sort());
    });

    it.each(PROVISION_STATES.filter((s) => !isStableState(s)))('lets a node in "%s" get back to a stable state', (start) => {
      const seen = new Set<ProvisionState>([start]);
      const queue: ProvisionState[] = [start];
      let settled = false;
      for (let state = queue.shift(); state !== undefined && !settled; state = queue.shift()) {
        for (const event of allowedEvents(state)) {
          const { state: to } = next(state, event);
          settled ||= isStableState(to);
          if (!seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      expect(settled).toBe(true);
    });

    it('lists the events each state accepts, matching the table', () => {
      for (const state of PROVISION_STATES) {
        expect(allowedEvents(state).sort()).toEqual(EXPECTED.filter(([s]) => s === state).map(([, e]) => e).sort());
      }
    });

    it('treats unknown states and events as not actionable instead of throwing', () => {
      expect(isActionable('deploy complete', 'deploy')).toBe(false);
      expect(isActionable('available', 'frobnicate')).toBe(false);
      expect(isActionable('available', 'toString')).toBe(false);
    });
  });
});
