import { ApplyInspection, CreateNode, FinishInspection, GetNodeWithToken, SetBootDevice, SetPowerState, ValidateNode } from '@ferrum/contracts';
import type { Call, InspectionChanges, NodeCreateInput, NodeRecord, PortRecord, PowerTarget, ReplyOf, RequestOf } from '@ferrum/contracts';
import { NodeLocked } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { ConductorRouter, FerrumClient } from '@ferrum/transport';
import type { Logger } from 'pino';

export interface GatewayOptions {
  heartbeatTimeoutS: number;
  rpcTimeoutMs: number;
  /** ironic-inspector retries its Ironic calls 5 times, 1 s apart; a node briefly locked by its conductor is normal here. */
  lockedRetries?: number;
  lockedRetryMs?: number;
}

/**
 * How the inspector reaches Ironic's side of Ferrum: reads straight from the database (as the API does),
 * every write to the conductor that owns the node over the transport (request/reply, never the public REST API).
 */
export class ConductorGateway {
  private readonly router: ConductorRouter;

  constructor(
    private readonly repos: Repositories,
    client: FerrumClient,
    private readonly options: GatewayOptions,
    private readonly logger: Logger,
  ) {
    this.router = new ConductorRouter(repos.conductors, client, { heartbeatTimeoutS: options.heartbeatTimeoutS, ringCacheS: 5, rpcTimeoutMs: options.rpcTimeoutMs }, logger);
  }

  /** By UUID or name. @throws NodeNotFound */
  node(ident: string): Promise<NodeRecord> {
    return this.repos.nodes.getByIdent(ident);
  }

  findNode(uuid: string): Promise<NodeRecord | undefined> {
    return this.repos.nodes.findByUuid(uuid);
  }

  async ports(node: NodeRecord): Promise<PortRecord[]> {
    return this.repos.ports.list({ node_id: node.id }, { limit: 10_000, sortKey: 'id', sortDir: 'asc' });
  }

  /** Ports with any of these MACs, with their node's uuid (discovery's duplicate check). */
  async portsByMac(macs: string[]): Promise<{ address: string; node_uuid: string }[]> {
    if (!macs.length) return [];
    return this.repos.dataSource.query('SELECT p.address, n.uuid AS node_uuid FROM ports p JOIN nodes n ON n.id = p.node_id WHERE p.address = ANY($1)', [macs]);
  }

  /** Nodes whose driver_info names this BMC address (discovery's duplicate check, §8.2). */
  async nodesByBmc(address: string): Promise<string[]> {
    const rows: { uuid: string }[] = await this.repos.dataSource.query(
      `SELECT uuid FROM nodes WHERE driver_info->>'ipmi_address' = $1 OR driver_info->>'redfish_address' = $1`,
      [address],
    );
    return rows.map((r) => r.uuid);
  }

  setBootDevice(node: NodeRecord, device: string, persistent: boolean): Promise<unknown> {
    return this.call(node, SetBootDevice, { node_uuid: node.uuid, boot_device: device, persistent });
  }

  setPower(node: NodeRecord, target: PowerTarget): Promise<unknown> {
    return this.call(node, SetPowerState, { node_uuid: node.uuid, target });
  }

  createNode(input: NodeCreateInput & { uuid: string }): Promise<NodeRecord> {
    return this.call({ uuid: input.uuid, driver: input.driver, conductor_group: '' }, CreateNode, { node: { ...input, conductor_group: '' } });
  }

  validate(node: NodeRecord): Promise<ReplyOf<typeof ValidateNode>> {
    return this.call(node, ValidateNode, { node_uuid: node.uuid });
  }

  /** The whole result of processing a callback (properties, ports, rule edits), saved by the node's conductor under one lock. */
  applyInspection(node: NodeRecord, result: InspectionChanges): Promise<NodeRecord> {
    return this.call(node, ApplyInspection, { node_uuid: node.uuid, ...result });
  }

  /** The node's lookup answer with a new agent token, from its conductor (Ironic's get_node_with_token). */
  nodeWithToken(node: NodeRecord): Promise<ReplyOf<typeof GetNodeWithToken>> {
    return this.call(node, GetNodeWithToken, { node_uuid: node.uuid });
  }

  /** Tells the node's conductor the introspection ended, so the node leaves `inspect wait` at once. */
  inspectionFinished(node: NodeRecord, error: string | null): Promise<unknown> {
    return this.call(node, FinishInspection, { node_uuid: node.uuid, error });
  }

  private async call<C extends Call<unknown, unknown, 'conductor'>>(
    node: { uuid: string; driver: string; conductor_group: string },
    call: C,
    request: RequestOf<C>,
  ): Promise<ReplyOf<C>> {
    const retries = this.options.lockedRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.router.call(node, call, request);
      } catch (error) {
        if (!(error instanceof NodeLocked) || attempt >= retries) throw error;
        this.logger.debug({ node: node.uuid, call: call.pattern, attempt }, 'node locked, retrying');
        await new Promise((r) => setTimeout(r, this.options.lockedRetryMs ?? 1000));
      }
    }
  }
}
