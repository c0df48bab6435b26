import { Microversion, pyStr } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import { notAcceptable } from '../common/fields';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';

/**
 * Words that are path segments under /v1/nodes/{ident}, so a node with that name could not be
 * addressed. Ironic lists its sub-controllers first, then its custom actions, in this order.
 */
export const RESERVED_NODE_NAMES = ['maintenance', 'management', 'states', 'vendor_passthru', 'detail', 'validate'];

/**
 * Names need ≥1.5, must be valid logical names that do not look like a UUID, and must not be a
 * reserved word. `invalidMessage` gets the offending name.
 */
export function checkNodeNames(req: IronicRequest, names: unknown[], invalidMessage: (name: string) => string): void {
  if (!allows(req, Microversion.NODE_NAME)) throw notAcceptable();
  for (const name of names) {
    if (!isValidLogicalName(name, req.version) || isUuidLike(name)) throw new Invalid({ message: invalidMessage(pyStr(name)) });
    if (RESERVED_NODE_NAMES.includes(name as string)) {
      throw new Invalid({
        message: `The word "${name as string}" is reserved and can not be used as a node name. Reserved words are: ${RESERVED_NODE_NAMES.join(', ')}.`,
      });
    }
  }
}

/**
 * 1.104, as Ironic's node PATCH: when a patch changes instance_info, its display_name becomes the node's
 * instance_name, unless the node has one (or the same patch sets one).
 */
export function instanceNameFromDisplayName(
  node: { instance_name: string | null },
  changes: { instance_info?: Record<string, unknown>; instance_name?: string | null },
): string | undefined {
  const displayName = changes.instance_info?.display_name;
  // The name as the patch leaves it: one removed in the same patch (null) counts as none, as in Ironic.
  const name = 'instance_name' in changes ? changes.instance_name : node.instance_name;
  if (!('instance_info' in changes) || name) return undefined;
  return typeof displayName === 'string' && displayName ? displayName : undefined;
}
