import { DeleteNode } from '@ferrum/contracts';
import { HTTPForbidden } from '@ferrum/errors';
import { Inject, Injectable } from '@nestjs/common';
import type { ConductorRouter } from '@ferrum/transport';
import type { IronicRequest } from '../common/ironic-request';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';

/** DELETE /v1/nodes/{ident} (§6.5): the conductor checks lock, state, instance and protection. */
@Injectable()
export class NodeRemoveService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  async remove(req: IronicRequest, ident: string): Promise<void> {
    const node = await this.lookup.authorized(req, 'baremetal:node:delete', ident, true).catch((error: unknown) => {
      // A project admin may delete the nodes its project owns (Ironic's project_admin_can_manage_own_nodes).
      if (error instanceof HTTPForbidden) return this.lookup.authorized(req, 'baremetal:node:delete:self_owned_node', ident, true);
      throw error;
    });
    await this.router.call(node, DeleteNode, { node_uuid: node.uuid }, req.requestId);
  }
}
