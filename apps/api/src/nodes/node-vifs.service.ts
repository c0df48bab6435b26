import { Inject, Injectable } from '@nestjs/common';
import { AttachVif, DetachVif, ListVifs, Microversion, VifAttachInput } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, toUuidOrName } from '../common/args';
import { IronicRequest, allows } from '../common/ironic-request';
import { Schema, checkArgSchema } from '../common/schema-errors';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';

/** Ironic's VIF_VALIDATOR schema: an object with a string `id`, anything else passed on to the network interface. */
export const VIF_SCHEMA: Schema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: true };

/** /v1/nodes/{ident}/vifs (1.28): through the node's conductor and its network interface. */
@Injectable()
export class NodeVifsService {
  constructor(
    private readonly nodes: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  async list(req: IronicRequest, ident: string, query: Args): Promise<{ vifs: { id: string }[] }> {
    rejectUnexpected(query, []);
    const node = await this.nodes.authorized(req, 'baremetal:node:vif:list', ident);
    return { vifs: await this.router.call(node, ListVifs, { node_uuid: node.uuid }, req.requestId) };
  }

  async attach(req: IronicRequest, ident: string, body: unknown): Promise<void> {
    // No body at all is an empty object to Ironic (method.body).
    checkArgSchema('vif', body === undefined ? {} : body, VIF_SCHEMA);
    const vif = body as VifAttachInput;
    toUuidOrName('id', vif.id);
    const node = await this.nodes.authorized(req, 'baremetal:node:vif:attach', ident);
    if (allows(req, Microversion.VIF_ATTACH_PORT) && 'port_uuid' in vif && 'portgroup_uuid' in vif) {
      throw new Invalid({ message: 'Cannot specify both port_uuid and portgroup_uuid' });
    }
    await this.router.call(node, AttachVif, { node_uuid: node.uuid, vif }, req.requestId);
  }

  async detach(req: IronicRequest, ident: string, vifId: string): Promise<void> {
    toUuidOrName('vif_id', vifId);
    const node = await this.nodes.authorized(req, 'baremetal:node:vif:detach', ident);
    await this.router.call(node, DetachVif, { node_uuid: node.uuid, vif_id: vifId }, req.requestId);
  }
}
