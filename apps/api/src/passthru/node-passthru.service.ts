import { Inject, Injectable } from '@nestjs/common';
import type { VendorCallReply, VendorMethodInfo } from '@ferrum/contracts';
import { ListNodeVendorMethods, NodeVendorPassthru } from '@ferrum/contracts';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected } from '../common/args';
import type { IronicRequest } from '../common/ironic-request';
import { TtlCache } from '../common/ttl-cache';
import { NodeLookup } from '../nodes/node-lookup';
import { ROUTER } from '../tokens';
import { PassthruCall, checkMethodGiven, requireMethod } from './passthru-call';

/** How long a method listing is reused; Ironic keeps it until the API restarts (§8.2). */
export const VENDOR_METHODS_TTL_MS = 10_000;

/** Node vendor passthru (§8.3): the node's conductor on the ring takes the lock it needs and runs the method. */
@Injectable()
export class NodePassthruService {
  // Keyed by driver and vendor interface: Ironic keys by driver only, so two nodes of one hardware type with
  // different vendor interfaces would see each other's methods there.
  private readonly methodsCache = new TtlCache<Record<string, VendorMethodInfo>>(VENDOR_METHODS_TTL_MS);

  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  async methods(req: IronicRequest, ident: string, args: Args): Promise<Record<string, VendorMethodInfo>> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:vendor_passthru', ident);
    return this.methodsCache.get(`${node.driver}/${node.vendor_interface ?? ''}`, () =>
      this.router.call(node, ListNodeVendorMethods, { node_uuid: node.uuid }, req.requestId),
    );
  }

  async call(req: IronicRequest, ident: string, call: PassthruCall): Promise<VendorCallReply> {
    checkMethodGiven(call);
    const node = await this.lookup.authorized(req, 'baremetal:node:vendor_passthru', ident);
    const method = requireMethod(call);
    return this.router.call(
      node,
      NodeVendorPassthru,
      { node_uuid: node.uuid, method, http_method: call.httpMethod, args: call.args, ...(call.job && { job: true }) },
      req.requestId,
    );
  }
}
