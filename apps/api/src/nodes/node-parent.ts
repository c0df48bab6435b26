import { pyStr, type NodeRecord } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import type { IronicRequest } from '../common/ironic-request';
import type { NodeLookup } from './node-lookup';

/**
 * Ironic's authorize_node_link for `parent_node` (1.83), on create and PATCH: the parent, named by UUID
 * or name, must be a node the caller may see (`baremetal:node:get`) with the same owner as the child.
 * Every failure — no such node, a bad ident, not visible, another owner — is the same 400, so the
 * answer never tells whether a node the caller may not see exists. The caller stores the parent's UUID.
 */
export async function resolveParentNode(
  lookup: Pick<NodeLookup, 'authorized'>,
  req: IronicRequest,
  value: unknown,
  childOwner: string | null | undefined,
): Promise<NodeRecord> {
  const refused = new Invalid({ message: `Unable to apply the requested parent_node '${pyStr(value)}'. Requested value was invalid.` });
  let parent: NodeRecord;
  try {
    // Ironic looks the value up before the schema sees it, so a non-string is simply not found.
    if (typeof value !== 'string') throw refused;
    parent = await lookup.authorized(req, 'baremetal:node:get', value);
  } catch {
    // Ironic catches any exception here, not only not-found and forbidden.
    throw refused;
  }
  if ((parent.owner ?? null) !== (childOwner ?? null)) throw refused;
  return parent;
}
