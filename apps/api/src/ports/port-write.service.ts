import { Inject, Injectable } from '@nestjs/common';
import { Microversion, apiMaximum, NodeRecord, PortChanges, PortCreateInput, PortRecord, PortgroupRecord, CreatePort, DeletePort, UpdatePort } from '@ferrum/contracts';
import { Conflict, Invalid, InvalidParameterValue, InvalidUuidOrName, NodeNotFound, PortgroupNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ApiConfig } from '../api.config';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { notAcceptable } from '../common/fields';
import { RecodedError } from '../common/framework-error';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, isPathRemoved, isPathUpdated, parsePatch, patchValues } from '../common/json-patch';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { checkPortFieldVersions, portPatchAllowed, portSchemaKeys, validatePortBody } from './port-body.schema';

// Not `name`, `description`, `vendor`, `category`, `available_for_dynamic_portgroup` nor the VTEP keys of local_link_connection: Ironic's patch
// leaves them out of its version check, so below their version a PATCH may set what it does not show (a
// create may not). Clients would see the difference, so we keep it.
const GATED = ['pxe_enabled', 'local_link_connection', 'portgroup_uuid', 'physical_network', 'is_smartnic', 'local_link_connection/network_type'];
const CHANGEABLE = [
  'address', 'node_uuid', 'extra', 'local_link_connection', 'pxe_enabled', 'physical_network', 'is_smartnic', 'portgroup_uuid', 'name', 'description', 'vendor', 'category',
  'available_for_dynamic_portgroup',
] as const;
// What a create stores (node_ident only names the node).
const STORED = [
  'extra', 'local_link_connection', 'pxe_enabled', 'physical_network', 'is_smartnic', 'portgroup_uuid', 'name', 'description', 'vendor', 'category',
  'available_for_dynamic_portgroup',
];

/** Port create, update and delete (§9): checked here, written by the conductor of the port's node under its lock. */
@Injectable()
export class PortWriteService {
  /** The served release's API maximum, and its patchable fields and port schema's fields. */
  private readonly maximum: number;
  private readonly patchAllowed: string[];
  private readonly schemaKeys: string[];

  constructor(
    @Inject(CONFIG) config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly authz: Authorizer,
  ) {
    this.maximum = this.servedMaximum(config);
    this.patchAllowed = portPatchAllowed(this.maximum);
    this.schemaKeys = portSchemaKeys(this.maximum);
  }

  /** The API maximum of the served release. A seam: service specs serve releases past Ferrum's maximum. */
  protected servedMaximum(config: ApiConfig): number {
    return apiMaximum(config.pinReleaseVersion);
  }

  async create(req: IronicRequest, body: unknown): Promise<PortRecord> {
    const port = validatePortBody(body, 'port', this.maximum);
    // Ironic's order: node_ident's version (only a non-empty one: an empty one falls back to node_uuid), the
    // node, the policy on it (an unknown node has no owner), only then the unknown node and the fields' versions.
    if (port.node_ident && !allows(req, Microversion.PORT_NODE_IDENT)) throw notAcceptable();
    const node = await this.createdOn(req, port);
    this.authz.check(req, 'baremetal:port:create', nodeTarget(node));
    // Ironic's NodeNotFound names node_uuid even when the node was named by node_ident (then it is None).
    if (!node) throw new RecodedError(new NodeNotFound({ node: (port.node_uuid as string | undefined) ?? 'None' }), 400);
    checkPortFieldVersions(req, Object.keys(port));
    const llc = port.local_link_connection as Record<string, unknown> | null | undefined;
    if (llc && 'network_type' in llc) checkPortFieldVersions(req, ['local_link_connection/network_type']);
    // Ironic looks at the logical switch only: the physical one alone never passes the schema (dependentRequired).
    if (llc && 'vtep-logical-switch' in llc) checkPortFieldVersions(req, ['local_link_connection/vtep-logical-switch']);
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
        STORED.filter((k) => port[k] !== undefined && port[k] !== null).map((k) => [k, port[k]]),
      ),
    };
    return this.router.call(node, CreatePort, { port: input }, req.requestId);
  }

  /** `ident`: the port's UUID or name (or row id), as Ironic's Port.get takes it. */
  async update(req: IronicRequest, ident: string, body: unknown): Promise<PortRecord> {
    const patch = parsePatch(body);
    checkPatchAllowed(patch, this.patchAllowed);
    checkPortFieldVersions(req, GATED.filter((f) => patchValues(patch, `/${f}`).length || isPathRemoved(patch, `/${f}`)));
    const port = await this.repos.ports.getByIdent(ident);
    this.authz.checkPort(req, 'baremetal:port:update', await this.repos.nodes.findByUuid(port.node_uuid), ident);
    const patched = applyPatch(port as unknown as Record<string, unknown>, patch);
    // Ironic reads the patched node_uuid before it validates, so removing it is a 500 there (KeyError); Ferrum
    // refuses it as the schema before 1.94 did, also from 1.94, where node_ident could stand in for it.
    if (!('node_uuid' in patched)) throw new InvalidParameterValue({ message: "Schema error for patch: 'node_uuid' is a required property" });
    const validated = validatePortBody(Object.fromEntries(this.schemaKeys.filter((k) => k in patched).map((k) => [k, patched[k]])), 'patch', this.maximum);
    const node = validated.node_uuid === port.node_uuid ? await this.repos.nodes.getByIdent(port.node_uuid) : await this.referencedNode(validated.node_uuid as string);
    if (validated.portgroup_uuid !== port.portgroup_uuid || node.uuid !== port.node_uuid) await this.memberOf(validated.portgroup_uuid as string | null | undefined, node);
    if (node.provision_state === 'inspecting' && allows(req, Microversion.INSPECT_WAIT)) {
      throw new Conflict({ message: `Cannot update port "${port.uuid}" on "${node.uuid}" while it is in state "inspecting".` });
    }
    // A member's physical network is its group's from 1.102 (the group's patch sets it). When the first operation is on
    // /physical_network, Ironic's check of the group (is_path_updated) saw no /portgroup_uuid: it is the port's current one.
    if (allows(req, Microversion.PORTGROUP_PHYSICAL_NETWORK) && isPathUpdated(patch, '/physical_network') && port.portgroup_uuid) {
      throw new Invalid({ message: 'physical_network cannot be changed while the port belongs to a portgroup.' });
    }
    return this.router.call(node, UpdatePort, { port_uuid: port.uuid, changes: this.changedFields(port, validated) }, req.requestId);
  }

  async remove(req: IronicRequest, uuid: string): Promise<void> {
    const port = await this.repos.ports.getByUuid(uuid);
    const node = await this.repos.nodes.getByIdent(port.node_uuid);
    this.authz.checkPort(req, 'baremetal:port:delete', node, uuid);
    await this.router.call(node, DeletePort, { port_uuid: port.uuid }, req.requestId);
  }

  /**
   * The node a new port is created on, if it exists: node_ident (1.94, a UUID or a name, as get_rpc_node takes
   * it) or else node_uuid. An ident that is neither UUID nor name is refused (400) before the policy check.
   */
  private async createdOn(req: IronicRequest, port: Record<string, unknown>): Promise<NodeRecord | undefined> {
    const ident = (port.node_ident as string | undefined) || (port.node_uuid as string | undefined);
    if (ident !== undefined && isUuidLike(ident)) return this.repos.nodes.findByUuid(ident);
    // Below 1.5 get_rpc_node's NodeNotFound, which the create turns into its own.
    if (!allows(req, Microversion.NODE_NAME)) return undefined;
    if (ident === undefined || !isValidLogicalName(ident, req.version)) throw new InvalidUuidOrName({ name: ident ?? 'None' });
    return this.repos.nodes.findByName(ident);
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
    // A removed field takes its object default (oslo coerces None to it), so available_for_dynamic_portgroup becomes true.
    const defaults: Record<string, unknown> = { extra: {}, local_link_connection: {}, pxe_enabled: true, is_smartnic: false, available_for_dynamic_portgroup: true };
    const changes: Record<string, unknown> = {};
    for (const key of CHANGEABLE) {
      const value = validated[key] ?? defaults[key] ?? null;
      if (!isDeepStrictEqual(port[key] ?? null, value)) changes[key] = value;
    }
    return changes;
  }
}
