/**
 * Every provision state of the FSM (§14.1), as `?provision_state=` accepts them. Verbs and legacy
 * names (`deleted`, `rebuild`, `deploy`…) are not states and are refused as filters.
 */
export const PROVISION_STATES = [
  'enroll', 'verifying', 'manageable', 'inspecting', 'inspect wait', 'inspect failed', 'cleaning', 'clean wait',
  'clean failed', 'available', 'deploying', 'wait call-back', 'deploy failed', 'active', 'deleting', 'error', 'adopting',
  'adopt failed', 'rescuing', 'rescue wait', 'rescue failed', 'rescue', 'unrescuing', 'unrescue failed',
];

/** Faults a node can carry (`?fault=` accepts only these). */
export const NODE_FAULTS = ['power failure', 'clean failure', 'rescue abort failure'];
