import { Inject, Injectable } from '@nestjs/common';
import { Microversion, normalizeMac } from '@ferrum/contracts';
import { IncompleteLookup, InvalidParameterValue, InvalidUUID, NotFound } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected } from '../common/args';
import { isUuidLike } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { TtlCache } from '../common/ttl-cache';
import { DriverCatalog } from '../drivers/driver-catalog.service';
import { DriverRpcClient } from '../drivers/driver-rpc.client';
import { NodeLookup } from '../nodes/node-lookup';
import { ROUTER } from '../tokens';

/** Body fields of a heartbeat and the version that brought each (Ironic's gates: a field too new is a 400). */
const HEARTBEAT_FIELDS: [string, number][] = [
  ['callback_url', 22],
  ['agent_version', 36],
  ['agent_token', 62],
  ['agent_verify_ca', 68],
  ['agent_status', 72],
  ['agent_status_message', 72],
];

/**
 * The ramdisk endpoints (§13): GET /v1/lookup and POST /v1/heartbeat/{node}. Lookup is the conductor's
 * lookup service — the same one behind the driver passthru `lookup` — reached through any conductor
 * offering a hardware type; heartbeat goes to the node's conductor.
 */
@Injectable()
export class RamdiskService {
  /** Which hardware type's conductors answer lookups; re-read every few seconds, not per request. */
  private readonly lookupDriver = new TtlCache<string>(5_000);

  constructor(
    private readonly drivers: DriverRpcClient,
    private readonly catalog: DriverCatalog,
    private readonly nodes: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  private gate(req: IronicRequest): void {
    // Ironic's handler raises its NotFound: a fault, with the version headers.
    if (!allows(req, Microversion.RAMDISK_ENDPOINTS)) throw new NotFound({ message: 'Resource could not be found.' });
  }

  async lookup(req: IronicRequest, args: Args): Promise<unknown> {
    this.gate(req);
    rejectUnexpected(args, ['addresses', 'node_uuid']);
    const addresses = typeof args.addresses === 'string' ? args.addresses.split(',').map((a) => normalizeMac(a)).filter((a): a is string => !!a) : [];
    const nodeUuid = args.node_uuid;
    if (nodeUuid !== undefined && (typeof nodeUuid !== 'string' || !isUuidLike(nodeUuid))) throw new InvalidUUID({ uuid: JSON.stringify(nodeUuid) });
    if (!addresses.length && !nodeUuid) throw new IncompleteLookup({});
    // Any conductor can answer: the lookup service is the same on all of them, and it locks the node it finds.
    const driver = await this.lookupDriver.get('driver', async () => {
      const name = (await this.catalog.list())[0]?.name;
      // Thrown, not cached: the next lookup asks again.
      if (!name) throw new NotFound({ message: 'No conductor is available to look the node up.' });
      return name;
    });
    const reply = await this.drivers.call(
      driver,
      'vendor-passthru.v1',
      { method: 'lookup', http_method: 'POST', args: { addresses, ...(nodeUuid ? { node_uuid: nodeUuid } : {}) } },
      req.requestId,
    );
    return reply.return;
  }

  async heartbeat(req: IronicRequest, ident: string, body: Args): Promise<void> {
    this.gate(req);
    for (const [field, minor] of HEARTBEAT_FIELDS) {
      if (body[field] !== undefined && !allows(req, minor)) throw new InvalidParameterValue({ message: `Field "${field}" not recognised in this API version.` });
    }
    rejectUnexpected(body, HEARTBEAT_FIELDS.map(([f]) => f));
    for (const [field] of HEARTBEAT_FIELDS) {
      if (body[field] !== undefined && typeof body[field] !== 'string') throw new InvalidParameterValue({ message: `Field "${field}" must be a string.` });
    }
    if (typeof body.callback_url !== 'string' || !body.callback_url) throw new InvalidParameterValue({ message: 'Missing or empty callback_url.' });
    if (allows(req, 62) && !body.agent_token) throw new InvalidParameterValue({ message: 'Invalid or missing agent token received.' });
    if (body.agent_status !== undefined && !['start', 'end', 'error'].includes(body.agent_status as string)) {
      throw new InvalidParameterValue({ message: `Unknown agent status ${JSON.stringify(body.agent_status)}` });
    }
    const node = await this.nodes.get(req, ident);
    await this.router.call(
      node,
      'node.heartbeat.v1',
      {
        node_uuid: node.uuid,
        callback_url: body.callback_url,
        ...(Object.fromEntries(HEARTBEAT_FIELDS.filter(([f]) => f !== 'callback_url' && body[f] !== undefined).map(([f]) => [f, body[f]])) as Record<string, string>),
      },
      req.requestId,
    );
  }
}
