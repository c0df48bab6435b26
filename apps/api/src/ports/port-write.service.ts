import { Inject, Injectable } from '@nestjs/common';
import { Microversion, NodeRecord, PortChanges, PortCreateInput, PortRecord, PortgroupRecord, CreatePort, DeletePort, UpdatePort } from '@ferrum/contracts';
import { Conflict, Invalid, NodeNotFound, PortgroupNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { RecodedError } from '../common/framework-error';
import { IronicRequest, allows } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, isPathRemoved, parsePatch, patchValues } from '../common/json-patch';
import { REPOS, ROUTER } from '../tokens';
import { PORT_PATCH_ALLOWED, PORT_SCHEMA_KEYS, checkPortFieldVersions, validatePortBody } from './port-body.schema';

const GATED = ['pxe_enabled', 'local_link_connection', 'portgroup_uuid', 'physical_network', 'is_smartnic', 'local_link_connection/network_type'];
const CHANGEABLE = ['address', 'node_uuid', 'extra', 'local_link_connection', 'pxe_enabled', 'physical_network', 'is_smartnic', 'portgroup_uuid'] as const;

/** Port create, update and delete (§9): checked here, written by the conductor of the port's node under its lock. */
@Injectable()
export class PortWriteService {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly authz: Authorizer,
  ) {}

  async create(req: IronicRequest, body: unknown): Promise<PortRecord> {
    const port = validatePortBody(body, 'port');
    checkPortFieldVersions(req, Object.keys(port));
    const llc = port.local_link_connection as Record<string, unknown> | null | undefined;
    if (llc && 'network_type' in llc) checkPortFieldVersions(req, ['local_link_connection/network_type']);
    const node = await this.referencedNode(port.node_uuid as string);
    this.authz.check(req, 'baremetal:port:create', nodeTarget(node));
    const group = await this.memberOf(port.portgroup_uuid as string | null | undefined, node);
    if (group && port.pxe_enabled === true && !group.standalone_ports_supported) {
      throw new Conflict({
        message: `Port group ${group.uuid} doesn't support standalone ports. This port cannot be created as a member of that portgroup as the port's 'pxe_enabled' field was set to True.`,
      });
    }
    const input: PortCreateInput = {
      uuid: (port.uuid as string | null) ?? randomUUID(),
      address: port.address as string,
      node_uuid: node.uuid,
      ...Object.fromEntries(
        ['extra', 'local_link_connection', 'pxe_enabled', 'physical_network', 'is_smartnic', 'portgroup_uuid'].filter((k) => port[k] !== undefined && port[k] !== null).map((k) => [k, port[k]]),
      ),
    };
    return this.router.call(node, CreatePort, { port: input }, req.requestId);
  }

  async update(req: IronicRequest, uuid: string, body: unknown): Promise<PortRecord> {
    const patch = parsePatch(body);
    checkPatchAllowed(patch, PORT_PATCH_ALLOWED);
    checkPortFieldVersions(req, GATED.filter((f) => patchValues(patch, `/${f}`).length || isPathRemoved(patch, `/${f}`)));
    const port = await this.repos.ports.getByUuid(uuid);
    this.authz.checkPort(req, 'baremetal:port:update', await this.repos.nodes.findByUuid(port.node_uuid), uuid);
    const patched = applyPatch(port as unknown as Record<string, unknown>, patch);
    const validated = validatePortBody(Object.fromEntries(PORT_SCHEMA_KEYS.filter((k) => k in patched).map((k) => [k, patched[k]])), 'patch');
    const node = validated.node_uuid === port.node_uuid ? await this.repos.nodes.getByIdent(port.node_uuid) : await this.referencedNode(validated.node_uuid as string);
    if (validated.portgroup_uuid !== port.portgroup_uuid || node.uuid !== port.node_uuid) await this.memberOf(validated.portgroup_uuid as string | null | undefined, node);
    if (node.provision_state === 'inspecting' && allows(req, Microversion.INSPECT_WAIT)) {
      throw new Conflict({ message: `Cannot update port "${port.uuid}" on "${node.uuid}" while it is in state "inspecting".` });
    }
    return this.router.call(node, UpdatePort, { port_uuid: port.uuid, changes: this.changedFields(port, validated) }, req.requestId);
  }

  async remove(req: IronicRequest, uuid: string): Promise<void> {
    const port = await this.repos.ports.getByUuid(uuid);
    const node = await this.repos.nodes.getByIdent(port.node_uuid);
    this.authz.checkPort(req, 'baremetal:port:delete', node, uuid);
    await this.router.call(node, DeletePort, { port_uuid: port.uuid }, req.requestId);
  }

  /** The node a port names must exist: a 400, since the port is what the client is writing. */
  private async referencedNode(uuid: string): Promise<NodeRecord> {
    const node = await this.repos.nodes.findByUuid(uuid);
    if (!node) throw new RecodedError(new NodeNotFound({ node: uuid }), 400);
    return node;
  }

  /**
   * The port group a port joins must exist (a 400, as for its node) and belong to the port's node. Ironic
   * checks the node only on create; Ferrum also on update, so no group ever holds another node's ports.
   */
  private async memberOf(portgroupUuid: string | null | undefined, node: NodeRecord): Promise<PortgroupRecord | undefined> {
    if (!portgroupUuid) return undefined;
    const group = await this.repos.portgroups.findByUuid(portgroupUuid);
    if (!group) throw new RecodedError(new PortgroupNotFound({ portgroup: portgroupUuid }), 400);
    if (group.node_uuid !== node.uuid) throw new Invalid({ message: 'Port can not be added to a portgroup belonging to a different node.' });
    return group;
  }

  private changedFields(port: PortRecord, validated: Record<string, unknown>): PortChanges {
    const defaults: Record<string, unknown> = { extra: {}, local_link_connection: {}, pxe_enabled: true, is_smartnic: false };
    const changes: Record<string, unknown> = {};
    for (const key of CHANGEABLE) {
      const value = validated[key] ?? defaults[key] ?? null;
      if (!isDeepStrictEqual(port[key] ?? null, value)) changes[key] = value;
    }
    return changes;
  }
}
