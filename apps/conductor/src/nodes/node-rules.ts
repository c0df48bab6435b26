/** Provision states in which Ironic lets a node be updated while a transition is in progress (§14.4). */
export const UPDATE_ALLOWED_STATES = [
  'deploy failed',
  'inspecting',
  'inspect failed',
  'inspect wait',
  'clean failed',
  'error',
  'verifying',
  'adopt failed',
  'rescue failed',
  'unrescue failed',
];

/** States in which interfaces and resource_class may change (or any state in maintenance). */
export const INTERFACE_CHANGE_STATES = ['enroll', 'inspecting', 'inspect wait', 'manageable', 'available'];

/** `available` is included because allow_deleting_available_nodes defaults to true. */
export const DELETE_ALLOWED_STATES = ['manageable', 'enroll', 'adopt failed', 'available'];

/** Port connectivity fields may change only here (or in maintenance). */
export const PORT_CONNECTIVITY_STATES = ['enroll', 'inspecting', 'inspect wait', 'manageable'];
