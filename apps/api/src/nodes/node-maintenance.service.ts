import { SetMaintenance } from '@ferrum/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, toStringArg } from '../common/args';
import type { IronicRequest } from '../common/ironic-request';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';

/**
 * PUT/DELETE /v1/nodes/{ident}/maintenance (§7.6): through the conductor's node-update path under
 * the exclusive lock, so a busy node answers 409. Leaving maintenance also clears the fault.
 */
@Injectable()
export class NodeMaintenanceService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  async set(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['reason']);
    const reason = toStringArg('reason', args.reason) ?? null;
    const node = await this.lookup.authorized(req, 'baremetal:node:set_maintenance', ident);
    await this.router.call(node, SetMaintenance, { node_uuid: node.uuid, maintenance: true, reason }, req.requestId);
  }

  async clear(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:clear_maintenance', ident);
    await this.router.call(node, SetMaintenance, { node_uuid: node.uuid, maintenance: false }, req.requestId);
  }
}
