import { Inject, Injectable } from '@nestjs/common';
import { HTTPForbidden, NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { Authorizer } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';
import { Link, Links } from '../common/links';
import { REPOS } from '../tokens';
import { NodeLookup } from './node-lookup';

export interface NodeChildren {
  children: string[];
  /** One link, not the usual list: where the children are listed as nodes. */
  links: Link;
}

const EVERY_CHILD = { limit: Number.MAX_SAFE_INTEGER, sortKey: 'id', sortDir: 'asc' } as const;

/** GET /v1/nodes/{ident}/children (1.83): the UUIDs of the nodes whose parent_node is this node, unpaged, by id. */
@Injectable()
export class NodeChildrenService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
    private readonly links: Links,
  ) {}

  async list(req: IronicRequest, ident: string): Promise<NodeChildren> {
    const parent = await this.lookup.authorized(req, 'baremetal:node:get', ident).catch((error: unknown) => {
      // As Ironic: a caller refused the parent is not told it exists.
      if (error instanceof HTTPForbidden) throw new NotFound({ message: 'Resource could not be found.' });
      throw error;
    });
    // A caller without list_all sees only the children its project owns or leases.
    const project = this.authz.listScope(req, 'node');
    const nodes = await this.repos.nodes.list({ parent_node: parent.uuid, ...(project !== undefined && { project }) }, EVERY_CHILD);
    return {
      children: nodes.map((n) => n.uuid),
      links: { href: this.links.url('nodes', `?parent_node=${parent.uuid}`), rel: 'children' },
    };
  }
}
