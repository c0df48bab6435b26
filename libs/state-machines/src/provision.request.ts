import { NodeInMaintenance } from '@ferrum/errors';
import { checkRequiredParams, checkVerbParams, ProvisionParams, RunbookResolver } from './provision.params';
import { isProvisionState } from './provision.states';
import {
  checkVerbAllowed,
  checkVerbVersion,
  isProvisionVerb,
  notAcceptable,
  PROVISION_VERBS,
  ProvisionVerbNode,
  resolveVerb,
  ResolvedVerb,
} from './provision.verbs';

export interface ProvisionRequestNode extends ProvisionVerbNode {
  maintenance: boolean;
}

export interface ProvisionRequestBody extends ProvisionParams {
  target: string;
}

/** The verb, and the parameters to send: a runbook's steps and disable_ramdisk in place of the given ones. */
export interface ResolvedProvisionRequest extends ResolvedVerb {
  params: ProvisionParams;
}

/**
 * Every check `PUT /v1/nodes/{ident}/states/provision` makes before it calls the conductor (§7.3), in
 * Ironic's order, which decides the status a client sees when several apply:
 * 1. a verb newer than the request's version: 406;
 * 2. `active`/`deploy`/`rebuild` on a node in maintenance: 400;
 * 3. the state does not accept the event: 409 NodeLocked if reserved, else 400 InvalidStateRequested;
 * 4. parameter/target mismatches and parameter version gates: 400 or 406; a runbook (1.92) is resolved here,
 *    between the disable_ramdisk and the clean_steps checks, where Ironic handles it;
 * 5. `abort` from `inspect wait` below 1.41: 406;
 * 6. missing `clean_steps` or `rescue_password`: 400; internal events and unknown strings: 400 "could not be understood".
 * Step 6 comes last, so `done` sent to a `deploying` node is "not understood" while `done` sent to an
 * `active` one fails the state check, as in Ironic. Schema checks of clean/deploy steps and the protected
 * and retired rules stay with the API and the conductor.
 */
export function validateProvisionRequest(
  node: ProvisionRequestNode,
  body: ProvisionRequestBody,
  apiMinor: number,
  resolveRunbook?: RunbookResolver,
  /** The API maximum served: the release it stands for decides a few rules (disable_ramdisk's verbs). */
  servedMaximum?: number,
): ResolvedProvisionRequest {
  const { target } = body;
  checkVerbVersion(target, apiMinor);

  const deploys = target === 'active' || target === 'deploy' || target === 'rebuild';
  if (deploys && node.maintenance) throw new NodeInMaintenance({ op: 'provisioning', node: node.uuid });

  checkVerbAllowed(node, target);
  // From here on a runbook's steps stand in for the target's own (step 4 resolves it).
  const params = checkVerbParams(target, body, apiMinor, resolveRunbook, servedMaximum);

  const state = node.provision_state;
  const gates: Partial<Record<string, number>> = isProvisionVerb(target) ? PROVISION_VERBS[target].minVersionFrom : {};
  const since = isProvisionState(state) ? gates[state] : undefined;
  if (since !== undefined && apiMinor < since) throw notAcceptable();

  const resolved = resolveVerb(target, apiMinor);
  checkRequiredParams(resolved.verb, params);
  return { ...resolved, params };
}
