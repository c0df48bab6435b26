import { Inject, Injectable } from '@nestjs/common';
import { Microversion, normalizeMac, AgentHeartbeat, AgentLookup, ContinueInspection, type AgentLookupReply } from '@ferrum/contracts';
import { IncompleteLookup, Invalid, InvalidParameterValue, MissingParameterValue, NotFound, TemporaryFailure } from '@ferrum/errors';
import { FerrumClient, NoResponders, type ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, toStringArg, toUuid } from '../common/args';
import { IronicRequest, allows } from '../common/ironic-request';
import { checkArgSchema } from '../common/schema-errors';
import { Links } from '../common/links';
import { DriverRpcClient } from '../drivers/driver-rpc.client';
import { NodeLookup } from '../nodes/node-lookup';
import { sanitizeNode } from '../nodes/node.view';
import { ROUTER } from '../tokens';

/** The optional body fields of a heartbeat, in the order of Ironic's signature (its checks follow it). */
const HEARTBEAT_FIELDS = ['agent_version', 'agent_token', 'agent_verify_ca', 'agent_status', 'agent_status_message'] as const;
const AGENT_STATES = ['start', 'end', 'error'];
/** Ironic's api_utils gates of heartbeat fields. */
const AGENT_VERSION_IN_HEARTBEAT = 36;
const VERIFY_CA_IN_HEARTBEAT = 68;
const STATUS_IN_HEARTBEAT = 72;

/** Ironic's DATA_VALIDATOR: a minimal inventory, with at least one interface that has a MAC. */
export const CONTINUE_INSPECTION_SCHEMA = {
  type: 'object',
  properties: {
    inventory: {
      type: 'object',
      properties: {
        bmc_address: { type: 'string' },
        bmc_v6address: { type: 'string' },
        interfaces: {
          type: 'array',
          items: { type: 'object', properties: { mac_address: { type: 'string' } }, required: ['mac_address'], additionalProperties: true },
          minItems: 1,
        },
      },
      required: ['interfaces'],
      additionalProperties: true,
    },
  },
  required: ['inventory'],
  additionalProperties: true,
};

/**
 * The ramdisk endpoints (§13): GET /v1/lookup and POST /v1/heartbeat/{node}, with Ironic's checks in its
 * order. Lookup is the conductor's lookup service, reached through any conductor offering a hardware type;
 * heartbeat goes to the node's conductor.
 */
@Injectable()
export class RamdiskService {
  constructor(
    private readonly drivers: DriverRpcClient,
    private readonly nodes: NodeLookup,
    private readonly links: Links,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly client: FerrumClient,
  ) {}

  private gate(req: IronicRequest): void {
    // Ironic's handler raises its NotFound: a fault, with the version headers.
    if (!allows(req, Microversion.RAMDISK_ENDPOINTS)) throw new NotFound({ message: 'Resource could not be found.' });
  }

  async lookup(req: IronicRequest, args: Args): Promise<unknown> {
    rejectUnexpected(args, ['addresses', 'node_uuid']);
    const nodeUuid = toUuid('node_uuid', args.node_uuid);
    this.gate(req);
    // Invalid MACs are ignored, as Ironic does (it only logs them).
    const addresses = typeof args.addresses === 'string' ? args.addresses.split(',').map((a) => normalizeMac(a)).filter((a): a is string => !!a) : [];
    if (!addresses.length && !nodeUuid) throw new IncompleteLookup({});
    // Any conductor can answer: the lookup service is the same on all of them, and it locks the node it finds.
    const { node, config } = await this.drivers.callAny(
      AgentLookup,
      // Below 1.62 Ironic's lookup does not ask the conductor for a token.
      { addresses, ...(nodeUuid ? { node_uuid: nodeUuid } : {}), issue_token: allows(req, Microversion.AGENT_TOKEN) },
      req.requestId,
      'No conductor is available to look the node up.',
    );
    return this.lookupAnswer({ node, config });
  }

  /** Ironic's ramdisk convert_with_links: the node's lookup fields (secrets masked) with its links, and the config. */
  private lookupAnswer({ node, config }: AgentLookupReply): unknown {
    const body: Record<string, unknown> = { ...node };
    sanitizeNode(body);
    return { node: { ...body, links: this.links.pair('nodes', node.uuid) }, config };
  }

  /**
   * POST /v1/continue_inspection: the body's shape checked as Ironic's DATA_VALIDATOR does, then the
   * inspector service looks the node up and processes the data. Ironic serves it at 1.84 (answering as a
   * lookup, with a new agent token) and, as a drop-in for ironic-inspector's `/v1/continue`, at the base
   * version (a ramdisk sends no version header), answering `{uuid}`.
   */
  async continueInspection(req: IronicRequest, body: unknown, args: Args): Promise<unknown> {
    rejectUnexpected(args, ['node_uuid']);
    checkArgSchema('data', body, CONTINUE_INSPECTION_SCHEMA);
    const nodeUuid = toUuid('node_uuid', args.node_uuid);
    const newEndpoint = allows(req, Microversion.CONTINUE_INSPECTION);
    if (!(newEndpoint || req.version === 1) || (nodeUuid && !newEndpoint)) {
      throw new NotFound({ message: `API version 1.${Microversion.CONTINUE_INSPECTION} or newer is required` });
    }
    const data = body as Record<string, unknown>;
    const inventory = data.inventory as { interfaces: { mac_address: string }[]; bmc_address?: string; bmc_v6address?: string };
    const macs = inventory.interfaces.map((i) => normalizeMac(i.mac_address)).filter(Boolean);
    if (!macs.length && !inventory.bmc_address && !inventory.bmc_v6address && !nodeUuid) throw new Invalid({ message: 'No lookup information provided' });
    try {
      const request = { data, ...(nodeUuid ? { node_uuid: nodeUuid } : {}), issue_token: newEndpoint };
      const { uuid, lookup } = await this.client.call(ContinueInspection, request, { peer: 'inspector', requestId: req.requestId });
      // 1.84 answers as a lookup does (the agent may go on as with fast track); the base version as ironic-inspector.
      return lookup ? this.lookupAnswer(lookup) : { uuid };
    } catch (err) {
      if (err instanceof NoResponders) throw new TemporaryFailure({ message: 'No inspector is running to process inspection data; start one (--role inspector) and retry.' });
      throw err;
    }
  }

  async heartbeat(req: IronicRequest, ident: string, body: Args): Promise<void> {
    // Ironic's args.validate first: unknown fields, callback_url mandatory, every field a string.
    rejectUnexpected(body, ['callback_url', ...HEARTBEAT_FIELDS]);
    if (body.callback_url === undefined) throw new MissingParameterValue({ message: 'Missing mandatory parameter: callback_url' });
    for (const field of ['callback_url', ...HEARTBEAT_FIELDS]) toStringArg(field, body[field]);
    this.gate(req);
    if (body.agent_version && !allows(req, AGENT_VERSION_IN_HEARTBEAT)) throw new InvalidParameterValue({ message: 'Field "agent_version" not recognised' });
    if ((body.agent_status || body.agent_status_message) && !allows(req, STATUS_IN_HEARTBEAT)) {
      throw new InvalidParameterValue({ message: 'Fields "agent_status" and "agent_status_message" not recognised.' });
    }
    if (body.agent_verify_ca != null && !allows(req, VERIFY_CA_IN_HEARTBEAT)) {
      throw new InvalidParameterValue({ message: 'Field "agent_verify_ca" not recognised in this version' });
    }
    const node = await this.nodes.get(req, ident, true);
    const agentUrl = node.driver_internal_info?.agent_url;
    // An agent URL other than the one on file is unexpected: refused before the token is even looked at.
    if (agentUrl != null && agentUrl !== body.callback_url) throw new Invalid({ message: 'Detected change in ramdisk provided "callback_url"' });
    if (body.agent_token == null) throw new InvalidParameterValue({ message: 'Agent token is required for heartbeat processing.' });
    if (body.agent_status != null && !AGENT_STATES.includes(body.agent_status as string)) {
      throw new InvalidParameterValue({ message: `Agent status is invalid. Valid states are ${AGENT_STATES.join(',')}.` });
    }
    const fields = Object.fromEntries(HEARTBEAT_FIELDS.filter((f) => body[f] != null).map((f) => [f, body[f]])) as Record<string, string>;
    await this.router.call(node, AgentHeartbeat, { node_uuid: node.uuid, callback_url: body.callback_url as string, ...fields }, req.requestId);
  }
}
