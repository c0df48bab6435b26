/**
 * Provision states as they appear on the wire (spec §14.1), named as in Ironic's `states.py`.
 * `deleted`, `rebuild`, `deploy`, `undeploy` and `deploy complete` are verbs or legacy names, not states.
 */
export const ProvisionState = {
  ENROLL: 'enroll',
  VERIFYING: 'verifying',
  MANAGEABLE: 'manageable',
  INSPECTING: 'inspecting',
  INSPECTWAIT: 'inspect wait',
  INSPECTFAIL: 'inspect failed',
  CLEANING: 'cleaning',
  CLEANWAIT: 'clean wait',
  CLEANFAIL: 'clean failed',
  CLEANHOLD: 'clean hold',
  AVAILABLE: 'available',
  DEPLOYING: 'deploying',
  DEPLOYWAIT: 'wait call-back',
  DEPLOYFAIL: 'deploy failed',
  DEPLOYHOLD: 'deploy hold',
  ACTIVE: 'active',
  DELETING: 'deleting',
  ERROR: 'error',
  ADOPTING: 'adopting',
  ADOPTFAIL: 'adopt failed',
  RESCUING: 'rescuing',
  RESCUEWAIT: 'rescue wait',
  RESCUEFAIL: 'rescue failed',
  RESCUE: 'rescue',
  UNRESCUING: 'unrescuing',
  UNRESCUEFAIL: 'unrescue failed',
  SERVICING: 'servicing',
  SERVICEWAIT: 'service wait',
  SERVICEFAIL: 'service failed',
  SERVICEHOLD: 'service hold',
} as const;
export type ProvisionState = (typeof ProvisionState)[keyof typeof ProvisionState];

const S = ProvisionState;

export const PROVISION_STATES: readonly ProvisionState[] = Object.values(ProvisionState);

/** States a node may stay in indefinitely; reaching one without a follow-up worker clears the target (§14.3). */
export const STABLE_STATES = [S.ENROLL, S.MANAGEABLE, S.AVAILABLE, S.ACTIVE, S.ERROR, S.RESCUE] as const;
export type StableProvisionState = (typeof STABLE_STATES)[number];

/**
 * The FSM's default target for each state (§14.1): what `target_provision_state` shows while the node is there.
 * Failure states are not stable, so they keep a target (`deploy failed` → `active`); `error` is stable, so null.
 * Typed over every state so that a new state without a decision here fails to compile.
 */
export const DEFAULT_TARGETS = {
  [S.ENROLL]: null,
  [S.VERIFYING]: S.MANAGEABLE,
  [S.MANAGEABLE]: null,
  [S.INSPECTING]: S.MANAGEABLE,
  [S.INSPECTWAIT]: S.MANAGEABLE,
  [S.INSPECTFAIL]: S.MANAGEABLE,
  // Manual cleaning overrides these with `manageable` (see provision.machine.ts).
  [S.CLEANING]: S.AVAILABLE,
  [S.CLEANWAIT]: S.AVAILABLE,
  [S.CLEANFAIL]: S.AVAILABLE,
  [S.CLEANHOLD]: S.AVAILABLE,
  [S.AVAILABLE]: null,
  [S.DEPLOYING]: S.ACTIVE,
  [S.DEPLOYWAIT]: S.ACTIVE,
  [S.DEPLOYFAIL]: S.ACTIVE,
  [S.DEPLOYHOLD]: S.ACTIVE,
  [S.ACTIVE]: null,
  [S.DELETING]: S.AVAILABLE,
  [S.ERROR]: null,
  [S.ADOPTING]: S.ACTIVE,
  [S.ADOPTFAIL]: S.ACTIVE,
  [S.RESCUING]: S.RESCUE,
  [S.RESCUEWAIT]: S.RESCUE,
  [S.RESCUEFAIL]: S.RESCUE,
  [S.RESCUE]: null,
  [S.UNRESCUING]: S.ACTIVE,
  [S.UNRESCUEFAIL]: S.ACTIVE,
  [S.SERVICING]: S.ACTIVE,
  [S.SERVICEWAIT]: S.ACTIVE,
  [S.SERVICEFAIL]: S.ACTIVE,
  [S.SERVICEHOLD]: S.ACTIVE,
} as const satisfies Record<ProvisionState, StableProvisionState | null>;

/** Where an operation that failed can be retried or abandoned; `baremetal --wait` treats them as failure. */
export const FAILURE_STATES = [S.DEPLOYFAIL, S.CLEANFAIL, S.INSPECTFAIL, S.RESCUEFAIL, S.UNRESCUEFAIL, S.ADOPTFAIL, S.SERVICEFAIL] as const;

/**
 * Transitional states in which a node may still be PATCHed (§14.4). `inspecting` stays for backward
 * compatibility even though Ironic refuses updates there from API 1.39 on.
 */
export const UPDATE_ALLOWED_STATES = [
  S.DEPLOYFAIL, S.INSPECTING, S.INSPECTFAIL, S.INSPECTWAIT, S.CLEANFAIL, S.ERROR, S.VERIFYING, S.ADOPTFAIL,
  S.RESCUEFAIL, S.UNRESCUEFAIL, S.SERVICEHOLD, S.SERVICEFAIL,
] as const;

/**
 * States in which a node may be deleted (§14.4). Ironic adds `available` when
 * `[conductor]allow_deleting_available_nodes` is true, which is its default; see `deleteAllowedStates`.
 */
export const DELETE_ALLOWED_STATES = [S.MANAGEABLE, S.ENROLL, S.ADOPTFAIL] as const;

export function deleteAllowedStates(allowDeletingAvailable = true): readonly ProvisionState[] {
  return allowDeletingAvailable ? [...DELETE_ALLOWED_STATES, S.AVAILABLE] : DELETE_ALLOWED_STATES;
}

/** States that change without an external request; boot_mode and secure_boot changes are refused here (§7.4). */
export const UNSTABLE_STATES = [
  S.DEPLOYING, S.DEPLOYWAIT, S.CLEANING, S.CLEANWAIT, S.VERIFYING, S.DELETING, S.INSPECTING, S.INSPECTWAIT,
  S.ADOPTING, S.RESCUING, S.RESCUEWAIT, S.UNRESCUING, S.SERVICING, S.SERVICEWAIT,
] as const;

/**
 * States whose work lives in a conductor's memory and cannot be resumed by another one: an unreserved node
 * found here after a conductor restart is failed (Ironic's STUCK_STATES_TREATED_AS_FAIL). `* wait` states are
 * absent because they hold no lock and wait for a callback any conductor can take.
 */
export const FAIL_ON_CONDUCTOR_RESTART_STATES = [
  S.DEPLOYING, S.CLEANING, S.VERIFYING, S.INSPECTING, S.ADOPTING, S.RESCUING, S.UNRESCUING, S.DELETING, S.SERVICING,
] as const;

/**
 * Skipped by the periodic power sync (§14.4): in the wait states the ramdisk may be rebooting the machine,
 * and enroll/adopt failed nodes may not have working power credentials. Maintenance nodes and nodes with a
 * target power state or a reservation are skipped too, but those are node fields, not states.
 */
export const POWER_SYNC_EXCLUDED_STATES = [S.DEPLOYWAIT, S.CLEANWAIT, S.ENROLL, S.ADOPTFAIL] as const;

/** States in which `/v1/lookup` finds a node when `restrict_lookup` is on (§13.1): a ramdisk is expected to run. */
export const LOOKUP_ALLOWED_STATES = [
  S.DEPLOYING, S.DEPLOYWAIT, S.CLEANING, S.CLEANWAIT, S.INSPECTING, S.INSPECTWAIT, S.RESCUING, S.RESCUEWAIT, S.SERVICEWAIT,
] as const;

/** With fast-track, a ramdisk may stay up between operations, so lookup also succeeds in these. */
export const FASTTRACK_LOOKUP_ALLOWED_STATES = [S.ENROLL, S.MANAGEABLE, S.AVAILABLE, ...LOOKUP_ALLOWED_STATES] as const;

export function isProvisionState(value: unknown): value is ProvisionState {
  return typeof value === 'string' && (PROVISION_STATES as readonly string[]).includes(value);
}

export function isStableState(state: ProvisionState): state is StableProvisionState {
  return (STABLE_STATES as readonly ProvisionState[]).includes(state);
}

/**
 * Membership test that accepts the plain string a node row carries (or null), so callers need no cast:
 * `stateIn(UPDATE_ALLOWED_STATES, node.provision_state)`.
 */
export function stateIn(states: readonly ProvisionState[], state: string | null | undefined): boolean {
  return state != null && (states as readonly string[]).includes(state);
}
