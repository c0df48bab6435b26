import type { NodeRecord, RunbookRecord } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { RunbookResolver, RunbookSteps } from '@ferrum/state-machines';
import type { Authorizer } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';
import { checkRunbookPolicy, findRunbook } from '../runbooks/runbook-access';

/** A resolver for the runbook a provision request names, and the steps it gave (to tell them from the caller's). */
export interface ProvisionRunbook {
  resolve: RunbookResolver;
  used(): RunbookSteps | undefined;
}

/**
 * Ironic's _handle_runbook (1.92) up to where the steps go, for the state-machines checks to call at its place
 * in the order. The runbook is looked up first (the checks are synchronous) and its errors kept until then:
 * not a uuid or name (400), not found (404), `baremetal:runbook:use` refused on its owner (403), its name not
 * among the node's traits (400). Ironic 26.1 checks nothing else: not `public`, not the node's owner.
 * Its steps go in `order`, with Ironic's convert_steps keys.
 */
export async function provisionRunbook(repos: Repositories, authz: Authorizer, req: IronicRequest, node: NodeRecord, ident: string): Promise<ProvisionRunbook> {
  const found: { runbook?: RunbookRecord; error?: unknown } = await findRunbook(repos, ident).then(
    (runbook) => ({ runbook }),
    (error: unknown) => ({ error }),
  );
  let used: RunbookSteps | undefined;
  const resolve: RunbookResolver = () => {
    if (!found.runbook) throw found.error;
    const runbook = found.runbook;
    checkRunbookPolicy(authz, req, 'baremetal:runbook:use', runbook);
    if (!node.traits.includes(runbook.name)) {
      throw new Invalid({
        message: `This runbook has not been approved for use on this node ${node.uuid}. Please ask an administrator to add it to your node traits.`,
      });
    }
    const steps = [...runbook.steps].sort((a, b) => a.order - b.order).map((s) => ({ interface: s.interface, step: s.step, args: s.args, order: s.order }));
    used = { steps, disable_ramdisk: runbook.disable_ramdisk };
    return used;
  };
  return { resolve, used: () => used };
}
