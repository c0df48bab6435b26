import {
  DEFAULT_TARGETS,
  DELETE_ALLOWED_STATES,
  deleteAllowedStates,
  FAIL_ON_CONDUCTOR_RESTART_STATES,
  FASTTRACK_LOOKUP_ALLOWED_STATES,
  isProvisionState,
  isStableState,
  LOOKUP_ALLOWED_STATES,
  POWER_SYNC_EXCLUDED_STATES,
  PROVISION_STATES,
  ProvisionState,
  STABLE_STATES,
  stateIn,
  UNSTABLE_STATES,
  UPDATE_ALLOWED_STATES,
} from './provision.states';

const sorted = (states: readonly string[]) => [...states].sort();

describe('provision states', () => {
  it('knows the 24 wire strings of §14.1, the two hold states of 1.85, the four servicing states of 1.87, and nothing else', () => {
    expect(sorted(PROVISION_STATES)).toEqual(
      sorted([
        'enroll', 'verifying', 'manageable', 'inspecting', 'inspect wait', 'inspect failed', 'cleaning', 'clean wait',
        'clean failed', 'available', 'deploying', 'wait call-back', 'deploy failed', 'active', 'deleting', 'error',
        'adopting', 'adopt failed', 'rescuing', 'rescue wait', 'rescue failed', 'rescue', 'unrescuing', 'unrescue failed',
        'clean hold', 'deploy hold', 'servicing', 'service wait', 'service failed', 'service hold',
      ]),
    );
  });

  it.each(['deleted', 'rebuild', 'deploy complete', 'undeploy', 'deploy', 'deploy wait', 'Active', '', null, 3])(
    'does not take the verb or legacy name %p for a state (the ?provision_state= filter refuses it)',
    (value) => {
      expect(isProvisionState(value)).toBe(false);
    },
  );

  it('calls exactly enroll, manageable, available, active, error and rescue stable', () => {
    expect(sorted(STABLE_STATES)).toEqual(sorted(['enroll', 'manageable', 'available', 'active', 'error', 'rescue']));
    expect(PROVISION_STATES.filter(isStableState)).toHaveLength(6);
  });

  it.each([
    ['verifying', 'manageable'],
    ['inspecting', 'manageable'],
    ['inspect wait', 'manageable'],
    ['inspect failed', 'manageable'],
    ['cleaning', 'available'],
    ['clean wait', 'available'],
    ['clean failed', 'available'],
    ['deploying', 'active'],
    ['wait call-back', 'active'],
    ['deploy failed', 'active'],
    ['deleting', 'available'],
    ['adopting', 'active'],
    ['adopt failed', 'active'],
    ['rescuing', 'rescue'],
    ['rescue wait', 'rescue'],
    ['rescue failed', 'rescue'],
    ['unrescuing', 'active'],
    ['unrescue failed', 'active'],
  ] as const)('shows a node in "%s" heading for "%s" by default', (state, target) => {
    expect(DEFAULT_TARGETS[state]).toBe(target);
  });

  describe('state sets of §14.4', () => {
    it.each([
      // Servicing's (1.87) as Ironic 23.0 adds them.
      ['UPDATE_ALLOWED', UPDATE_ALLOWED_STATES, ['deploy failed', 'inspecting', 'inspect failed', 'inspect wait', 'clean failed', 'error', 'verifying', 'adopt failed', 'rescue failed', 'unrescue failed', 'service hold', 'service failed']],
      ['DELETE_ALLOWED', DELETE_ALLOWED_STATES, ['manageable', 'enroll', 'adopt failed']],
      ['UNSTABLE', UNSTABLE_STATES, ['deploying', 'wait call-back', 'cleaning', 'clean wait', 'verifying', 'deleting', 'inspecting', 'inspect wait', 'adopting', 'rescuing', 'rescue wait', 'unrescuing', 'servicing', 'service wait']],
      ['FAIL_ON_CONDUCTOR_RESTART', FAIL_ON_CONDUCTOR_RESTART_STATES, ['deploying', 'cleaning', 'verifying', 'inspecting', 'adopting', 'rescuing', 'unrescuing', 'deleting', 'servicing']],
      ['POWER_SYNC_EXCLUDED', POWER_SYNC_EXCLUDED_STATES, ['wait call-back', 'clean wait', 'enroll', 'adopt failed']],
      ['LOOKUP_ALLOWED (restrict_lookup)', LOOKUP_ALLOWED_STATES, ['deploying', 'wait call-back', 'cleaning', 'clean wait', 'inspecting', 'inspect wait', 'rescuing', 'rescue wait', 'service wait']],
    ] as const)('%s holds exactly the states the spec lists', (_name, set: readonly ProvisionState[], expected) => {
      expect(sorted(set)).toEqual(sorted(expected));
    });

    it('lets a ramdisk look its node up in enroll, manageable and available too when fast-track is on', () => {
      expect(sorted(FASTTRACK_LOOKUP_ALLOWED_STATES)).toEqual(sorted([...LOOKUP_ALLOWED_STATES, 'enroll', 'manageable', 'available']));
    });

    it('allows deleting an available node only while allow_deleting_available_nodes is on (its default)', () => {
      expect(deleteAllowedStates()).toContain('available');
      expect(deleteAllowedStates(false)).not.toContain('available');
      expect(sorted(deleteAllowedStates(false))).toEqual(sorted(DELETE_ALLOWED_STATES));
    });

    it('puts no stable state in UNSTABLE', () => {
      for (const state of UNSTABLE_STATES) expect(isStableState(state)).toBe(false);
    });

    it('answers membership for the plain strings a node row carries', () => {
      expect(stateIn(UPDATE_ALLOWED_STATES, 'deploy failed')).toBe(true);
      expect(stateIn(UPDATE_ALLOWED_STATES, 'active')).toBe(false);
      expect(stateIn(UPDATE_ALLOWED_STATES, null)).toBe(false);
      expect(stateIn(UPDATE_ALLOWED_STATES, undefined)).toBe(false);
    });
  });
});
