import { Inject, Injectable } from '@nestjs/common';
import { CreatePortgroup, DeletePortgroup, Microversion, NodeRecord, PortgroupChanges, PortgroupRecord, UpdatePortgroup, apiMaximum } from '@ferrum/contracts';
import { Conflict, Invalid, NodeNotFound, OperationNotPermitted, PortgroupNotFound } from '@ferrum/errors';
import type { PortgroupFilter, Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toBoolean, toMac, toStringList, toUuid, toUuidOrName } from '../common/args';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { nextUrl, parsePage } from '../common/collection';
import { fieldAllowed, listFields, notAcceptable, parseFields } from '../common/fields';
import { RecodedError } from '../common/framework-error';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { PatchOp, applyPatch, checkPatchAllowed, isPathRemoved, isPathUpdated, parsePatch, patchValues } from '../common/json-patch';
import { jsonType, parseSchema } from '../common/json-schema';
import { Links } from '../common/links';
import { NodeLookup } from '../nodes/node-lookup';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { PORTGROUP_DEFAULT_LIST_FIELDS, PORTGROUP_FIELD_GATES, PortgroupView } from './portgroup.view';

/**
 * Ironic's PORTGROUP_SCHEMA, for POST and for the group after a PATCH, as the served release has it: from 1.102
 * (Ironic 33) it takes physical_network and category at any requested version, as Ironic checks none on writes.
 */
function portgroupSchema(maximum: number) {
  const since = <T extends object>(version: number, props: T) => (maximum >= version ? props : {});
  return z.strictObject({
    address: jsonType(['string', 'null']),
    ...since(Microversion.PORTGROUP_CATEGORY, { category: jsonType(['string', 'null'], { maxLength: 80 }) }),
    extra: jsonType(['object', 'null']),
    mode: jsonType(['string', 'null']),
    name: jsonType(['string', 'null']),
    node_uuid: jsonType(['string'], { required: true }),
    ...since(Microversion.PORTGROUP_PHYSICAL_NETWORK, { physical_network: jsonType(['string', 'null'], { maxLength: 64 }) }),
    properties: jsonType(['object', 'null']),
    standalone_ports_supported: jsonType(['string', 'boolean', 'null']),
    uuid: jsonType(['string', 'null']),
  });
}
const CHANGEABLE = ['address', 'extra', 'mode', 'name', 'node_uuid', 'properties', 'standalone_ports_supported', 'physical_network', 'category'] as const;
/** Fields of the served release that a later one added, in Ironic's PATCH_ALLOWED_FIELDS order. */
const LATER = [
  ['physical_network', Microversion.PORTGROUP_PHYSICAL_NETWORK],
  ['category', Microversion.PORTGROUP_CATEGORY],
] as const;
const laterFields = (maximum: number): string[] => LATER.filter(([, since]) => maximum >= since).map(([field]) => field);
const patchAllowed = (maximum: number) => ['address', 'extra', 'mode', 'name', 'node_uuid', 'properties', 'standalone_ports_supported', ...laterFields(maximum)];
/** Columns of the served release's table; of the later ones only dynamic_portgroup is gated (PORTGROUP_FIELD_GATES). */
const sortRules = (maximum: number) => ({
  columns: [
    'id', 'uuid', 'name', 'address', 'node_id', 'mode', 'standalone_ports_supported', ...laterFields(maximum),
    ...(maximum >= Microversion.DYNAMIC_PORTGROUP ? ['dynamic_portgroup'] : []),
    'created_at', 'updated_at',
  ],
  refused: ['extra', 'internal_info', 'properties'],
});
const LIST_ARGS = ['node', 'address', 'marker', 'limit', 'sort_key', 'sort_dir'];

/** Validates a body as Ironic's PORTGROUP_VALIDATOR (schema, then the MAC, uuids and boolean). */
function validate(body: unknown, name: 'portgroup' | 'patch', maximum: number): Record<string, unknown> {
  const group = { ...parseSchema(portgroupSchema(maximum), body, name) };
  if (group.address !== undefined && group.address !== null) group.address = toMac('address', group.address);
  group.node_uuid = toUuid('node_uuid', group.node_uuid);
  if (group.uuid !== undefined) group.uuid = toUuid('uuid', group.uuid) ?? null;
  if (group.standalone_ports_supported !== undefined) group.standalone_ports_supported = toBoolean('standalone_ports_supported', group.standalone_ports_supported) ?? null;
  return group;
}

/**
 * Which list filters may be combined. Ironic 34 (served 1.106) allows one of node, address, shard and
 * conductor_groups (empty ones do not count); before, only conductor_groups was exclusive, and the node won
 * over the address.
 */
function checkExclusive(maximum: number, f: { nodeIdent?: string; address?: string; shards?: string[]; conductorGroups?: string[] }): void {
  if (maximum >= Microversion.PORTGROUP_SHARD) {
    if ([f.nodeIdent, f.address, f.shards?.length, f.conductorGroups?.length].filter(Boolean).length > 1) {
      throw new Invalid({ message: 'Filtering by node, address, or shard simultaneously is not supported.' });
    }
  } else if (f.conductorGroups?.length && (f.nodeIdent || f.address)) {
    throw new Invalid({ message: 'Filtering by conductor_groups and node_ident/address simultaneously is not supported.' });
  }
}

export interface PortgroupScope {
  /** `/v1/nodes/{ident}/portgroups`: reads of that node's groups; writes there are refused (403). */
  nodeIdent?: string;
}

/**
 * /v1/portgroups and /v1/nodes/{ident}/portgroups (1.23, the node's view 1.24), in Ironic's order of
 * checks: arguments, then the group and the caller's right to it, then the version-gated fields.
 */
@Injectable()
export class PortgroupService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly nodes: NodeLookup,
    private readonly view: PortgroupView,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  /** The API maximum of the served release. A seam: service specs serve releases past Ferrum's maximum. */
  protected servedMaximum(): number {
    return apiMaximum(this.config.pinReleaseVersion);
  }

  async list(req: IronicRequest, args: Args, detailPath: boolean, scope: PortgroupScope = {}) {
    const maximum = this.servedMaximum();
    // conductor_groups (1.99) is known once the served release has it, at any requested version: Ironic checks none.
    // So is shard (1.106), though a version below it is then refused.
    const listArgs = [
      ...LIST_ARGS,
      ...(maximum >= Microversion.PORT_CONDUCTOR_GROUPS ? ['conductor_groups'] : []),
      ...(maximum >= Microversion.PORTGROUP_SHARD ? ['shard'] : []),
    ];
    rejectUnexpected(args, detailPath ? listArgs : [...listArgs, 'fields', 'detail']);
    const nodeArg = toUuidOrName('node', args.node);
    const address = toMac('address', args.address);
    const conductorGroups = toStringList('conductor_groups', args.conductor_groups);
    const shards = toStringList('shard', args.shard);
    const markerUuid = toUuid('marker', args.marker);
    const nodeIdent = scope.nodeIdent ?? nodeArg;
    // Below a node, the caller must see it (else 404) before anything else; it is read once.
    const parent = scope.nodeIdent !== undefined ? await this.nodes.authorized(req, 'baremetal:node:get', scope.nodeIdent) : undefined;
    const project = this.authz.listScope(req, 'portgroup');
    if (shards !== undefined && !allows(req, Microversion.PORTGROUP_SHARD)) throw notAcceptable(Microversion.PORTGROUP_SHARD);
    const requested = detailPath ? undefined : parseFields(req, args, PORTGROUP_FIELD_GATES);
    const page = parsePage(args, this.config.maxLimit, sortRules(maximum));
    if (!fieldAllowed(PORTGROUP_FIELD_GATES, page.sortKey, req.version)) throw notAcceptable();
    const { fields, detail } = detailPath ? { fields: undefined, detail: undefined } : listFields(req, requested, args.detail, PORTGROUP_DEFAULT_LIST_FIELDS);
    let marker: PortgroupRecord | undefined;
    if (markerUuid) {
      marker = await this.repos.portgroups.findByUuid(markerUuid);
      if (!marker) throw new PortgroupNotFound({ portgroup: markerUuid });
    }
    checkExclusive(maximum, { nodeIdent, address, shards, conductorGroups });
    const filter: PortgroupFilter = {};
    if (project !== undefined) filter.project = project;
    if (conductorGroups?.length) filter.conductor_groups = conductorGroups;
    if (nodeIdent !== undefined) filter.node_id = (parent ?? (await this.nodes.get(req, nodeIdent))).id;
    else if (address !== undefined) filter.address = address;
    // Ironic lists a shard's groups for every project (list_by_node_shards takes none); Ferrum keeps the caller's scope.
    else if (shards?.length) filter.shards = shards;
    const groups = await this.repos.portgroups.list(filter, page, marker);
    const path = `${scope.nodeIdent !== undefined ? `nodes/${scope.nodeIdent}/` : ''}portgroups${detailPath ? '/detail' : ''}`;
    // Unlike the port list, Ironic does not carry the node filter into the next page's URL.
    const next = nextUrl(this.links, path, groups.length, page.limit, groups.at(-1)?.uuid, {
      sort_key: page.sortKey,
      sort_dir: page.sortDir,
      ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
      ...(fields && { fields: fields.join(',') }),
    });
    // Ironic renders list items unsanitised: every field at every version, unlike one group.
    return { portgroups: groups.map((g) => this.view.render(g, fields, { maximum })), ...(next && { next }) };
  }

  async show(req: IronicRequest, ident: string, args: Args, scope: PortgroupScope = {}) {
    rejectUnexpected(args, ['fields']);
    const group = await this.authorized(req, 'baremetal:portgroup:get', ident);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    return this.view.render(group, parseFields(req, args, PORTGROUP_FIELD_GATES), { maximum: this.servedMaximum(), version: req.version });
  }

  async create(req: IronicRequest, body: unknown, scope: PortgroupScope = {}): Promise<PortgroupRecord> {
    const group = validate(body, 'portgroup', this.servedMaximum());
    const node = await this.repos.nodes.findByUuid(group.node_uuid as string);
    // The policy is checked before a missing node is reported, so the answer tells nothing to those refused.
    this.authz.check(req, 'baremetal:portgroup:create', nodeTarget(node));
    if (!node) throw new RecodedError(new NodeNotFound({ node: group.node_uuid as string }), 400);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    if (!allows(req, Microversion.PORTGROUP_MODE) && (group.mode || (group.properties && Object.keys(group.properties).length))) throw notAcceptable();
    if (group.name && !isValidLogicalName(group.name, req.version)) {
      throw new Invalid({ message: `Cannot create portgroup with invalid name '${group.name as string}'` });
    }
    const input = {
      uuid: (group.uuid as string | null) ?? randomUUID(),
      node_uuid: node.uuid,
      ...Object.fromEntries(
        ['name', 'address', 'extra', 'mode', 'properties', 'standalone_ports_supported', ...laterFields(this.servedMaximum())].filter((k) => group[k] !== undefined && group[k] !== null).map((k) => [k, group[k]]),
      ),
    };
    return this.router.call(node, CreatePortgroup, { portgroup: input }, req.requestId);
  }

  async update(req: IronicRequest, ident: string, body: unknown, scope: PortgroupScope = {}): Promise<PortgroupRecord> {
    const patch = parsePatch(body);
    const maximum = this.servedMaximum();
    const group = await this.authorized(req, 'baremetal:portgroup:update', ident);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    const touches = (path: string) => patchValues(patch, path).length > 0 || isPathRemoved(patch, path);
    if (!allows(req, Microversion.PORTGROUP_MODE) && (touches('/mode') || touches('/properties'))) throw notAcceptable();
    checkPatchAllowed(patch, patchAllowed(maximum));
    for (const name of patchValues(patch, '/name')) {
      if (name && !isValidLogicalName(name, req.version)) {
        throw new Invalid({ message: `Portgroup ${ident}: Cannot change name to invalid name '${name as string}'` });
      }
    }
    const patched = applyPatch(group as unknown as Record<string, unknown>, patch);
    if (!('mode' in patched)) throw new Invalid({ message: "'mode' is a mandatory attribute and can not be removed" });
    let node: NodeRecord | undefined;
    if (patched.node_uuid !== group.node_uuid) {
      node = isUuidLike(patched.node_uuid) ? await this.repos.nodes.findByUuid(String(patched.node_uuid)) : undefined;
      if (!node) throw new RecodedError(new NodeNotFound({ node: String(patched.node_uuid) }), 400);
    }
    const schemaKeys = Object.keys(portgroupSchema(maximum).shape);
    const validated = validate(Object.fromEntries(schemaKeys.filter((k) => k in patched).map((k) => [k, patched[k]])), 'patch', maximum);
    node ??= await this.repos.nodes.getByIdent(group.node_uuid);
    if (node.provision_state === 'inspecting' && allows(req, Microversion.INSPECT_WAIT)) {
      throw new Conflict({ message: `Cannot update portgroup "${group.uuid}" on node "${node.uuid}" while it is in state "inspecting".` });
    }
    const call = { portgroup_uuid: group.uuid, changes: this.changed(group, validated), ...this.membersPhysicalNetwork(patch, maximum) };
    return this.router.call(node, UpdatePortgroup, call, req.requestId);
  }

  async remove(req: IronicRequest, ident: string, scope: PortgroupScope = {}): Promise<void> {
    const group = await this.authorized(req, 'baremetal:portgroup:delete', ident);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    const node = await this.repos.nodes.getByIdent(group.node_uuid);
    await this.router.call(node, DeletePortgroup, { portgroup_uuid: group.uuid }, req.requestId);
  }

  /** The group by uuid or name (a name ending in `.json` also with the suffix), if the caller may do `rule` on it. */
  private async authorized(req: IronicRequest, rule: string, ident: string): Promise<PortgroupRecord> {
    let group = await this.find(ident);
    if (!group && req.jsonSuffix) group = await this.find(`${ident}.json`);
    if (!group) throw new PortgroupNotFound({ portgroup: ident });
    this.authz.checkPortgroup(req, rule, await this.repos.nodes.findByUuid(group.node_uuid), ident);
    return group;
  }

  private find(ident: string): Promise<PortgroupRecord | undefined> {
    return isUuidLike(ident) ? this.repos.portgroups.findByUuid(ident) : this.repos.portgroups.findByName(ident);
  }

  /**
   * From 1.102 (served), a patch whose first operation is on /physical_network also sets it on the member ports
   * (Ironic's is_path_updated looks at the first operation only). Ironic takes the first add/replace value and fails
   * with a 500 on a lone remove (an IndexError); Ferrum clears the members' instead.
   */
  private membersPhysicalNetwork(patch: PatchOp[], maximum: number): { ports_physical_network?: string | null } {
    if (maximum < Microversion.PORTGROUP_PHYSICAL_NETWORK || !isPathUpdated(patch, '/physical_network')) return {};
    const [value] = patchValues(patch, '/physical_network');
    return { ports_physical_network: (value as string | null | undefined) ?? null };
  }

  private changed(group: PortgroupRecord, validated: Record<string, unknown>): PortgroupChanges {
    const defaults: Record<string, unknown> = { extra: {}, properties: {}, standalone_ports_supported: true };
    const changes: Record<string, unknown> = {};
    for (const key of CHANGEABLE) {
      const value = validated[key] ?? defaults[key] ?? null;
      if (!isDeepStrictEqual(group[key] ?? null, value)) changes[key] = value;
    }
    return changes;
  }
}
