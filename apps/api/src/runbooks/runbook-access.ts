import type { RunbookRecord } from '@ferrum/contracts';
import { HTTPForbidden, InvalidUuidOrName, RunbookNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Authorizer } from '../common/authorizer';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import type { IronicRequest } from '../common/ironic-request';

/** What the runbook rules read about a runbook. */
export function runbookTarget(runbook: Pick<RunbookRecord, 'owner'>): Record<string, string | null> {
  return { 'runbook.owner': runbook.owner };
}

/**
 * Ironic's get_rpc_runbook: by uuid, else by name; no `.json` put back (runbooks start at 1.92, after 1.91
 * stopped treating the suffix specially).
 * @throws InvalidUuidOrName (400), RunbookNotFound (404).
 */
export async function findRunbook(repos: Repositories, ident: string): Promise<RunbookRecord> {
  if (!isUuidLike(ident) && !isValidLogicalName(ident)) throw new InvalidUuidOrName({ name: ident });
  const found = await repos.runbooks.find(ident);
  if (!found) throw new RunbookNotFound({ runbook: ident });
  return found;
}

/**
 * check_runbook_policy_and_retrieve, for a runbook already found: `rule` against its owner.
 * @throws HTTPForbidden (403) naming the rule.
 */
export function checkRunbookPolicy(authz: Authorizer, req: IronicRequest, rule: string, runbook: RunbookRecord): void {
  authz.check(req, rule, runbookTarget(runbook));
}

/**
 * get_one's fallback when `get` refuses: a public runbook is visible to anyone. Ironic raises its
 * HTTPForbidden bare there, so the message keeps the unfilled placeholder (ironic-lib falls back to the
 * format string when formatting fails).
 */
export function checkPublicRunbook(runbook: RunbookRecord): void {
  if (!runbook.public) throw new HTTPForbidden({ resource: '%(resource)s' });
}
