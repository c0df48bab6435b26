import { InvalidStateRequested } from '@ferrum/errors';
import { ProvisionEvent, PROVISION_EVENTS } from './provision.events';
import {
  DEFAULT_TARGETS,
  isProvisionState,
  isStableState,
  ProvisionState,
  StableProvisionState,
  stateIn,
} from './provision.states';

const S = ProvisionState;

type TransitionRow = Readonly<Partial<Record<ProvisionEvent, ProvisionState>>>;

/**
 * The provision FSM, row for row as spec §14.2 (Ironic's `states.py` for this release). A pair absent here is
 * refused. Typed over every state so that a state without a row fails to compile.
 */
export const PROVISION_TRANSITIONS = {
  [S.ENROLL]: { manage: S.VERIFYING },
  // A failed verification rolls back to enroll with last_error set.
  [S.VERIFYING]: { done: S.MANAGEABLE, fail: S.ENROLL },
  [S.MANAGEABLE]: { inspect: S.INSPECTING, provide: S.CLEANING, clean: S.CLEANING, adopt: S.ADOPTING },
  [S.INSPECTING]: { done: S.MANAGEABLE, wait: S.INSPECTWAIT, fail: S.INSPECTFAIL },
  // §14.2 has no `resume` here; newer Ironic adds one for inspection continued by the agent.
  [S.INSPECTWAIT]: { done: S.MANAGEABLE, fail: S.INSPECTFAIL, abort: S.INSPECTFAIL },
  [S.INSPECTFAIL]: { manage: S.MANAGEABLE, inspect: S.INSPECTING },
  // `manage` is how a manual clean ends: back to manageable instead of on to available.
  [S.CLEANING]: { done: S.AVAILABLE, wait: S.CLEANWAIT, fail: S.CLEANFAIL, manage: S.MANAGEABLE, hold: S.CLEANHOLD },
  [S.CLEANWAIT]: { resume: S.CLEANING, fail: S.CLEANFAIL, abort: S.CLEANFAIL, hold: S.CLEANHOLD },
  // 1.85: a `hold` step parks the node; `unhold` hands it back to the agent's next heartbeat.
  [S.CLEANHOLD]: { unhold: S.CLEANWAIT, abort: S.CLEANFAIL },
  [S.CLEANFAIL]: { manage: S.MANAGEABLE },
  [S.AVAILABLE]: { deploy: S.DEPLOYING, manage: S.MANAGEABLE },
  [S.DEPLOYING]: { done: S.ACTIVE, wait: S.DEPLOYWAIT, fail: S.DEPLOYFAIL, hold: S.DEPLOYHOLD },
  // `abort` from 1.110 (checked by the API): before, a deploy stuck waiting for the agent was undeployed with `deleted`.
  [S.DEPLOYWAIT]: { resume: S.DEPLOYING, fail: S.DEPLOYFAIL, delete: S.DELETING, hold: S.DEPLOYHOLD, abort: S.DEPLOYFAIL },
  [S.DEPLOYHOLD]: { unhold: S.DEPLOYWAIT, abort: S.DEPLOYFAIL },
  // `deploy` as well as `rebuild`: since Juno a client may send `active` again to retry a failed deployment.
  [S.DEPLOYFAIL]: { deploy: S.DEPLOYING, rebuild: S.DEPLOYING, delete: S.DELETING },
  [S.ACTIVE]: { rebuild: S.DEPLOYING, delete: S.DELETING, rescue: S.RESCUING, service: S.SERVICING },
  // Teardown always continues into cleaning; the event is `clean` even when automated cleaning is off.
  [S.DELETING]: { clean: S.CLEANING, fail: S.ERROR },
  [S.ERROR]: { rebuild: S.DEPLOYING, delete: S.DELETING },
  [S.ADOPTING]: { done: S.ACTIVE, fail: S.ADOPTFAIL },
  [S.ADOPTFAIL]: { adopt: S.ADOPTING, manage: S.MANAGEABLE },
  [S.RESCUING]: { done: S.RESCUE, wait: S.RESCUEWAIT, fail: S.RESCUEFAIL },
  [S.RESCUEWAIT]: { resume: S.RESCUING, fail: S.RESCUEFAIL, abort: S.RESCUEFAIL, delete: S.DELETING },
  [S.RESCUE]: { rescue: S.RESCUING, unrescue: S.UNRESCUING, delete: S.DELETING },
  [S.RESCUEFAIL]: { rescue: S.RESCUING, unrescue: S.UNRESCUING, delete: S.DELETING },
  [S.UNRESCUING]: { done: S.ACTIVE, fail: S.UNRESCUEFAIL },
  [S.UNRESCUEFAIL]: { rescue: S.RESCUING, unrescue: S.UNRESCUING, delete: S.DELETING },
  // 1.87 servicing, with the moves Ironic added up to 2026.1 (a failed service may be retried, aborted back
  // to active, rescued, deleted; a service hold may fail).
  [S.SERVICING]: { done: S.ACTIVE, fail: S.SERVICEFAIL, wait: S.SERVICEWAIT, hold: S.SERVICEHOLD },
  [S.SERVICEWAIT]: { resume: S.SERVICING, fail: S.SERVICEFAIL, abort: S.SERVICEFAIL, hold: S.SERVICEHOLD, delete: S.DELETING },
  [S.SERVICEHOLD]: { service: S.SERVICING, unhold: S.SERVICEWAIT, abort: S.SERVICEFAIL, fail: S.SERVICEFAIL },
  [S.SERVICEFAIL]: { service: S.SERVICING, rescue: S.RESCUING, wait: S.SERVICEWAIT, hold: S.SERVICEHOLD, delete: S.DELETING, abort: S.ACTIVE },
} as const satisfies Record<ProvisionState, TransitionRow>;

const TABLE: Readonly<Record<ProvisionState, TransitionRow>> = PROVISION_TRANSITIONS;

/** What the conductor saves before it replies 202 and spawns the worker (§14.3, §16). */
export interface ProvisionTransition {
  state: ProvisionState;
  target: StableProvisionState | null;
}

/** The node fields `next` reads. Plain strings, so a row from the database can be passed as it is. */
export interface ProvisionSnapshot {
  uuid?: string;
  provision_state: string;
  target_provision_state?: string | null;
}

/** A manual clean moves only between these; while it does, the target stays `manageable`. */
const CLEANING_STATES: readonly ProvisionState[] = [S.CLEANING, S.CLEANWAIT, S.CLEANHOLD, S.CLEANFAIL];

/**
 * The next provision state and target for an event, without side effects: the caller saves the result and
 * then acts (XState's `transition()`). Pass the node rather than a bare state when you have it: its uuid goes
 * into the error, and its current target lets a manual clean keep `manageable` through `clean wait` and
 * `clean failed`, as Ironic's conductor does by passing `target_state=manageable` on each step.
 *
 * Target rules (§14.3): a stable state has no target; `clean` from manageable targets `manageable` (manual
 * clean); otherwise the FSM default of the new state, so failure states keep theirs (`deploy failed` → active).
 *
 * @throws InvalidStateRequested (400) with Ironic's wording when the state does not accept the event.
 */
export function next(from: ProvisionState | ProvisionSnapshot, event: ProvisionEvent): ProvisionTransition {
  const node: ProvisionSnapshot = typeof from === 'string' ? { provision_state: from } : from;
  const state = node.provision_state;
  const to = isProvisionState(state) ? TABLE[state][event] : undefined;
  if (!isProvisionState(state) || to === undefined) {
    throw new InvalidStateRequested({ action: event, node: node.uuid ?? '', state });
  }
  return { state: to, target: targetAfter(state, event, to, node.target_provision_state ?? null) };
}

function targetAfter(
  from: ProvisionState,
  event: ProvisionEvent,
  to: ProvisionState,
  currentTarget: string | null,
): StableProvisionState | null {
  if (isStableState(to)) return null;
  if (from === S.MANAGEABLE && event === 'clean') return S.MANAGEABLE;
  if (currentTarget === S.MANAGEABLE && stateIn(CLEANING_STATES, from) && stateIn(CLEANING_STATES, to)) {
    return S.MANAGEABLE;
  }
  return DEFAULT_TARGETS[to];
}

/**
 * Ironic's `is_actionable_event`: does this state accept this event? Takes plain strings because the API asks
 * it with whatever the client sent; an unknown state or event is simply not actionable.
 */
export function isActionable(state: string, event: string): boolean {
  return isProvisionState(state) && Object.prototype.hasOwnProperty.call(TABLE[state], event);
}

/** Events the state accepts, user and internal, in the order of `PROVISION_EVENTS`. */
export function allowedEvents(state: ProvisionState): ProvisionEvent[] {
  return PROVISION_EVENTS.filter((event) => TABLE[state][event] !== undefined);
}
