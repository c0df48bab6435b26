import { Microversion } from '@ferrum/contracts';
import { InvalidStateRequested, NodeLocked, NotAcceptable } from '@ferrum/errors';
import { UserEvent } from './provision.events';
import { isActionable } from './provision.machine';
import { ProvisionState } from './provision.states';

/**
 * Microversions of the provision endpoint that `@ferrum/contracts` does not name yet (Ironic's versions.py).
 * Move them into `Microversion` there when its owner takes them.
 */
export const ProvisionMicroversion = {
  MANAGEABLE_STATE: Microversion.MANAGEABLE_STATE, // 1.4: manage, provide
  INSPECTION: Microversion.INSPECTION, // 1.6: inspect
  ABORT_VERB: 13, // abort
  MANUAL_CLEAN: 15, // clean with clean_steps
  ADOPT_VERB: 17, // adopt
  CONFIGDRIVE_REBUILD: 35, // configdrive with rebuild
  RESCUE: Microversion.RESCUE, // 1.38: rescue, unrescue
  INSPECT_ABORT: 41, // abort from inspect wait
  BUILD_CONFIGDRIVE: 56, // configdrive as a JSON object
  CONFIGDRIVE_VENDOR_DATA: 59, // vendor_data in a configdrive object
  DEPLOY_STEPS: 69, // deploy_steps with active/rebuild
  CLEAN_DISABLE_RAMDISK: 70, // disable_ramdisk with clean
  DEPLOY_UNDEPLOY_VERBS: 73, // deploy and undeploy aliases
  UNHOLD: Microversion.UNHOLD, // 1.85: unhold
  SERVICE: Microversion.SERVICING, // 1.87: service
  DEPLOY_ABORT: Microversion.DEPLOY_ABORT, // 1.110: abort from wait call-back
  SERVICE_DISABLE_RAMDISK: Microversion.SERVICE_DISABLE_RAMDISK, // 1.108: disable_ramdisk with service
  RUNBOOKS: Microversion.RUNBOOKS, // 1.92: runbook with clean and service
} as const;

export const PROVISION_PARAMS = ['configdrive', 'clean_steps', 'deploy_steps', 'rescue_password', 'disable_ramdisk', 'service_steps', 'runbook'] as const;
export type ProvisionParam = (typeof PROVISION_PARAMS)[number];

/** The `target` values of `PUT /v1/nodes/{ident}/states/provision` (§7.3): Ironic's `VERBS` plus `rebuild`. */
export const PROVISION_VERB_NAMES = [
  'active', 'deploy', 'rebuild', 'deleted', 'undeploy', 'manage', 'provide', 'inspect', 'abort', 'clean', 'adopt', 'rescue', 'unrescue', 'unhold', 'service',
] as const;
export type ProvisionVerb = (typeof PROVISION_VERB_NAMES)[number];
/** `deploy` and `undeploy` (1.73) are aliases of `active` and `deleted`. */
export type CanonicalVerb = Exclude<ProvisionVerb, 'deploy' | 'undeploy'>;

export interface ProvisionVerbSpec {
  /** The FSM event the verb fires. */
  event: UserEvent;
  /** Below this minor version the verb gives 406. */
  minVersion: number;
  /** The verb this one is an alias of (itself if none); parameter rules and conductor calls use this name. */
  canonical: CanonicalVerb;
  /** Body parameters the verb takes, each with the minor version from which this verb takes it. */
  accepts: Readonly<Partial<Record<ProvisionParam, number>>>;
  /** Parameters without which the request is refused (400). */
  requires: readonly ProvisionParam[];
  /** Extra version gates that depend on the node's current state. */
  minVersionFrom: Readonly<Partial<Record<ProvisionState, number>>>;
}

const V = ProvisionMicroversion;
const DEPLOY_PARAMS = { configdrive: 1, deploy_steps: 1 } as const;

/** Each verb's event, version gates and parameters (§7.3). */
export const PROVISION_VERBS = {
  active: { event: 'deploy', minVersion: 1, canonical: 'active', accepts: DEPLOY_PARAMS, requires: [], minVersionFrom: {} },
  deploy: {
    event: 'deploy', minVersion: V.DEPLOY_UNDEPLOY_VERBS, canonical: 'active', accepts: DEPLOY_PARAMS, requires: [], minVersionFrom: {},
  },
  rebuild: {
    event: 'rebuild', minVersion: 1, canonical: 'rebuild', accepts: { configdrive: V.CONFIGDRIVE_REBUILD, deploy_steps: 1 }, requires: [],
    minVersionFrom: {},
  },
  deleted: { event: 'delete', minVersion: 1, canonical: 'deleted', accepts: {}, requires: [], minVersionFrom: {} },
  undeploy: { event: 'delete', minVersion: V.DEPLOY_UNDEPLOY_VERBS, canonical: 'deleted', accepts: {}, requires: [], minVersionFrom: {} },
  manage: { event: 'manage', minVersion: V.MANAGEABLE_STATE, canonical: 'manage', accepts: {}, requires: [], minVersionFrom: {} },
  provide: { event: 'provide', minVersion: V.MANAGEABLE_STATE, canonical: 'provide', accepts: {}, requires: [], minVersionFrom: {} },
  inspect: { event: 'inspect', minVersion: V.INSPECTION, canonical: 'inspect', accepts: {}, requires: [], minVersionFrom: {} },
  abort: {
    event: 'abort', minVersion: V.ABORT_VERB, canonical: 'abort', accepts: {}, requires: [],
    minVersionFrom: { [ProvisionState.INSPECTWAIT]: V.INSPECT_ABORT, [ProvisionState.DEPLOYWAIT]: V.DEPLOY_ABORT },
  },
  clean: {
    event: 'clean', minVersion: V.MANUAL_CLEAN, canonical: 'clean', accepts: { clean_steps: 1, disable_ramdisk: 1, runbook: V.RUNBOOKS },
    requires: ['clean_steps'], minVersionFrom: {},
  },
  adopt: { event: 'adopt', minVersion: V.ADOPT_VERB, canonical: 'adopt', accepts: {}, requires: [], minVersionFrom: {} },
  rescue: {
    event: 'rescue', minVersion: V.RESCUE, canonical: 'rescue', accepts: { rescue_password: 1 }, requires: ['rescue_password'],
    minVersionFrom: {},
  },
  unrescue: { event: 'unrescue', minVersion: V.RESCUE, canonical: 'unrescue', accepts: {}, requires: [], minVersionFrom: {} },
  // Ironic checks unhold's version after the state check (it is not in MIN_VERB_VERSIONS): only the hold states accept it.
  unhold: {
    event: 'unhold', minVersion: 1, canonical: 'unhold', accepts: {}, requires: [],
    minVersionFrom: { [ProvisionState.CLEANHOLD]: V.UNHOLD, [ProvisionState.DEPLOYHOLD]: V.UNHOLD, [ProvisionState.SERVICEHOLD]: V.UNHOLD },
  },
  // Also checked after the state: only active and the failed or held service take it.
  service: {
    event: 'service', minVersion: 1, canonical: 'service', accepts: { disable_ramdisk: V.SERVICE_DISABLE_RAMDISK, service_steps: 1, runbook: V.RUNBOOKS }, requires: ['service_steps'],
    minVersionFrom: { [ProvisionState.ACTIVE]: V.SERVICE, [ProvisionState.SERVICEFAIL]: V.SERVICE, [ProvisionState.SERVICEHOLD]: V.SERVICE },
  },
} as const satisfies Record<ProvisionVerb, ProvisionVerbSpec>;

const VERBS: Readonly<Record<ProvisionVerb, ProvisionVerbSpec>> = PROVISION_VERBS;

export function isProvisionVerb(value: unknown): value is ProvisionVerb {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROVISION_VERBS, value);
}

export interface ResolvedVerb extends ProvisionVerbSpec {
  verb: ProvisionVerb;
}

/** Ironic's bare NotAcceptable, which the API turns into a 406 with the version headers. */
export function notAcceptable(message = 'Request not acceptable.'): NotAcceptable {
  return new NotAcceptable({ message });
}

/**
 * 406 if the verb is newer than the requested version (Ironic's `check_allow_management_verbs`). Strings
 * that are not verbs pass: they are refused later, by the state check or as not understood.
 */
export function checkVerbVersion(verb: string, apiMinor: number): void {
  if (isProvisionVerb(verb) && apiMinor < VERBS[verb].minVersion) throw notAcceptable();
}

/**
 * Maps a provision target to its FSM event, without looking at a node.
 * @throws NotAcceptable (406) if the verb needs a newer microversion.
 * @throws InvalidStateRequested (400) "could not be understood" for internal events (`done`, `fail`, `wait`,
 *   `resume`) and any other string. Ironic reaches that message only after the state check, so a request
 *   against a node should go through `validateProvisionRequest`, which keeps that order; the node and state
 *   params are empty here because no node is involved.
 */
export function resolveVerb(verb: string, apiMinor: number): ResolvedVerb {
  checkVerbVersion(verb, apiMinor);
  if (!isProvisionVerb(verb)) {
    throw new InvalidStateRequested(
      { action: verb, node: '', state: '' },
      `The requested action "${verb}" could not be understood.`,
    );
  }
  return { verb, ...VERBS[verb] };
}

/** The event Ironic checks a target against: `VERBS.get(target, target)`, so an internal event stands for itself. */
export function eventForTarget(verb: string): string {
  return isProvisionVerb(verb) ? VERBS[verb].event : verb;
}

/** The node fields the illegal-verb rule reads. */
export interface ProvisionVerbNode {
  uuid: string;
  provision_state: string;
  reservation: string | null;
}

/**
 * The API's illegal-verb rule (§7.3 step 3). When the current state does not accept the verb's event, a node
 * reserved by a conductor gives 409 NodeLocked rather than 400: the node is mid-operation (e.g. `deploying`)
 * and Ironic kept the 409 clients saw before this check moved into the API, so they retry instead of failing.
 * The error names the verb as sent (`active`, not `deploy`), as Ironic's does.
 * @throws NodeLocked (409) or InvalidStateRequested (400).
 */
export function checkVerbAllowed(node: ProvisionVerbNode, verb: string): void {
  if (isActionable(node.provision_state, eventForTarget(verb))) return;
  if (node.reservation) throw new NodeLocked({ node: node.uuid, host: node.reservation });
  throw new InvalidStateRequested({ action: verb, node: node.uuid, state: node.provision_state });
}
