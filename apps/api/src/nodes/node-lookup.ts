import { Inject, Injectable } from '@nestjs/common';
import { Microversion, NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, InvalidUuidOrName, NodeNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { Authorizer } from '../common/authorizer';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { REPOS } from '../tokens';

/**
 * An ident in a URL that is neither a UUID nor a possible name: refused by the handler's argument
 * check (a fault naming `node_ident`) below the node; on the node's own routes the router refused
 * it already (node-ident.hook).
 */
export function checkNodeIdent(ident: string): void {
  if (!isUuidLike(ident) && !isValidLogicalName(ident)) {
    throw new InvalidParameterValue({ message: `Expected UUID or name for node_ident: ${ident}` });
  }
}

/** Finds nodes by UUID or name as Ironic's get_rpc_node does. */
@Injectable()
export class NodeLookup {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
  ) {}

  /**
   * The node, if the caller may see it (else 404, as if it did not exist) and may do `rule` on it (else 403):
   * Ironic's check_node_policy_and_retrieve. Further rules on the same node: Authorizer.check with nodeTarget.
   */
  async authorized(req: IronicRequest, rule: string, ident: string, withSuffix = false): Promise<NodeRecord> {
    const node = await this.get(req, ident, withSuffix);
    this.authz.checkNode(req, rule, node, ident);
    return node;
  }

  /**
   * UUID-shaped idents are UUIDs; names need ≥1.5 (before that a name simply is not found).
   * `withSuffix`: when the URL ended in `.json`, also try the name with `.json` put back.
   */
  async get(req: IronicRequest, ident: string, withSuffix = false): Promise<NodeRecord> {
    checkNodeIdent(ident);
    let node = await this.find(req, ident);
    if (!node && withSuffix && req.jsonSuffix) node = await this.find(req, `${ident}.json`);
    if (!node) throw new NodeNotFound({ node: ident });
    return node;
  }

  private async find(req: IronicRequest, ident: string): Promise<NodeRecord | undefined> {
    if (isUuidLike(ident)) return this.repos.nodes.findByUuid(ident);
    if (!allows(req, Microversion.NODE_NAME)) return undefined;
    if (!isValidLogicalName(ident, req.version)) throw new InvalidUuidOrName({ name: ident });
    return this.repos.nodes.findByName(ident);
  }
}
