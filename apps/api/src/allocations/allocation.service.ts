import { Inject, Injectable } from '@nestjs/common';
import { AllocationRecord, CreateAllocation, DestroyAllocation, Dict, Microversion, NodeRecord, pyStr } from '@ferrum/contracts';
import { AllocationNotFound, HTTPForbidden, Invalid, NotFound } from '@ferrum/errors';
import type { AllocationFilter, Repositories } from '@ferrum/persistence';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toStringArg, toUuid, toUuidOrName } from '../common/args';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { nextUrl, parsePage } from '../common/collection';
import { notAcceptable, parseFields, selectFields } from '../common/fields';
import { RecodedError } from '../common/framework-error';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, parsePatch, patchValues } from '../common/json-patch';
import { Links } from '../common/links';
import { Schema, checkArgSchema } from '../common/schema-errors';
import { DriverRpcClient } from '../drivers/driver-rpc.client';
import { NodeLookup } from '../nodes/node-lookup';
import { TRAIT_SCHEMA } from '../nodes/node-traits.service';
import { CONFIG, REPOS } from '../tokens';

/** Ironic's ALLOCATION_SCHEMA. */
export const ALLOCATION_SCHEMA: Schema = {
  type: 'object',
  properties: {
    candidate_nodes: { type: ['array', 'null'], items: { type: 'string' } },
    extra: { type: ['object', 'null'] },
    name: { type: ['string', 'null'] },
    node: { type: ['string', 'null'] },
    owner: { type: ['string', 'null'] },
    resource_class: { type: ['string', 'null'], maxLength: 80 },
    traits: { type: ['array', 'null'], items: TRAIT_SCHEMA },
    uuid: { type: ['string', 'null'] },
  },
  additionalProperties: false,
};
const FIELDS = ['uuid', 'name', 'node_uuid', 'state', 'last_error', 'resource_class', 'traits', 'candidate_nodes', 'extra', 'owner', 'created_at', 'updated_at', 'links'];
const SORT = { columns: ['id', 'uuid', 'name', 'state', 'resource_class', 'owner', 'node_id', 'created_at', 'updated_at'], refused: ['extra', 'candidate_nodes', 'traits'] };
const NO_CONDUCTOR = 'No conductor is available to process the allocation.';

interface AllocationBody {
  candidate_nodes?: string[] | null;
  extra?: Dict | null;
  name?: string | null;
  node?: string | null;
  owner?: string | null;
  resource_class?: string | null;
  traits?: string[] | null;
  uuid?: string | null;
}

/**
 * /v1/allocations (1.52) and /v1/nodes/{ident}/allocation: checked here in Ironic's order, created and
 * destroyed by any conductor (the one holding the node's lock for a backfill or a release).
 */
@Injectable()
export class AllocationService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly drivers: DriverRpcClient,
    private readonly nodes: NodeLookup,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  async list(req: IronicRequest, args: Args) {
    rejectUnexpected(args, ['node', 'resource_class', 'state', 'marker', 'limit', 'sort_key', 'sort_dir', 'fields', 'owner']);
    const nodeIdent = toUuidOrName('node', args.node);
    const markerUuid = toUuid('marker', args.marker);
    let owner = toStringArg('owner', args.owner);
    const requestor = this.authz.listScope(req, 'allocation', owner);
    const fields = this.fields(req, args);
    if (owner !== undefined && !allows(req, Microversion.ALLOCATION_OWNER)) throw notAcceptable();
    if (requestor !== undefined) owner = requestor;
    const page = parsePage(args, this.config.maxLimit, SORT);
    const marker = markerUuid ? await this.repos.allocations.get(markerUuid) : undefined;
    const filter: AllocationFilter = {};
    if (nodeIdent !== undefined) filter.node_id = (await this.referencedNode(req, nodeIdent)).id;
    const resourceClass = toStringArg('resource_class', args.resource_class);
    const state = toStringArg('state', args.state);
    if (resourceClass !== undefined) filter.resource_class = resourceClass;
    if (state !== undefined) filter.state = state;
    if (owner !== undefined) filter.owner = owner;
    const items = await this.repos.allocations.list(filter, page, marker);
    const next = nextUrl(this.links, 'allocations', items.length, page.limit, items.at(-1)?.uuid, {
      ...(fields && { fields: fields.join(',') }),
      sort_key: page.sortKey,
      sort_dir: page.sortDir,
    });
    return { allocations: items.map((a) => this.render(req, a, fields)), ...(next && { next }) };
  }

  async show(req: IronicRequest, ident: string, args: Args) {
    rejectUnexpected(args, ['fields']);
    const allocation = await this.authorized(req, 'baremetal:allocation:get', ident);
    return this.render(req, allocation, this.fields(req, args));
  }

  async create(req: IronicRequest, raw: unknown): Promise<AllocationRecord> {
    // No body at all is an empty allocation to Ironic (method.body), refused below for its missing resource class.
    const body = (raw === undefined ? {} : raw) as AllocationBody;
    checkArgSchema('allocation', body, ALLOCATION_SCHEMA);
    toUuid('uuid', body.uuid);
    this.authz.check(req, 'baremetal:allocation:create');
    if ('owner' in body && !allows(req, Microversion.ALLOCATION_OWNER)) throw notAcceptable();
    if (body.name && !isValidLogicalName(body.name, req.version)) throw new Invalid({ message: `Cannot create allocation with invalid name '${body.name}'` });
    let node: NodeRecord | undefined;
    if (body.node) {
      if (!allows(req, Microversion.ALLOCATION_BACKFILL)) throw new Invalid({ message: 'Cannot set node when creating an allocation in this API version' });
      node = await this.referencedNode(req, body.node);
    }
    const resourceClass = body.resource_class || node?.resource_class;
    if (!resourceClass) throw new Invalid({ message: 'The resource_class field is mandatory when not backfilling' });
    const candidates = body.candidate_nodes?.length ? await this.resolveNodes(body.candidate_nodes) : undefined;
    const uuid = body.uuid ?? node?.instance_uuid ?? randomUUID();
    const input = {
      uuid,
      resource_class: resourceClass,
      ...(body.name && { name: body.name }),
      ...(body.traits && { traits: body.traits }),
      ...(candidates && { candidate_nodes: candidates }),
      ...(body.extra && { extra: body.extra }),
      ...(body.owner && { owner: body.owner }),
      ...(node && { node_uuid: node.uuid }),
    };
    return this.drivers.callAny(CreateAllocation, { allocation: input }, req.requestId, NO_CONDUCTOR);
  }

  async update(req: IronicRequest, ident: string, raw: unknown): Promise<AllocationRecord> {
    const patch = parsePatch(raw);
    const allocation = await this.authorized(req, 'baremetal:allocation:update', ident);
    checkPatchAllowed(patch, ['name', 'extra']);
    for (const name of patchValues(patch, '/name')) {
      if (name && !isValidLogicalName(name, req.version)) throw new Invalid({ message: `Cannot update allocation with invalid name '${pyStr(name)}'` });
    }
    const patched = applyPatch({ name: allocation.name, extra: allocation.extra }, patch);
    checkArgSchema('patch', patched, ALLOCATION_SCHEMA);
    const changes = Object.fromEntries(
      (['name', 'extra'] as const).filter((k) => !isDeepStrictEqual(allocation[k], patched[k] ?? (k === 'extra' ? {} : null))).map((k) => [k, patched[k] ?? (k === 'extra' ? {} : null)]),
    );
    return Object.keys(changes).length ? this.repos.allocations.update(allocation.uuid, changes) : allocation;
  }

  async remove(req: IronicRequest, ident: string): Promise<void> {
    const allocation = await this.authorized(req, 'baremetal:allocation:delete', ident);
    await this.drivers.callAny(DestroyAllocation, { allocation_uuid: allocation.uuid }, req.requestId, NO_CONDUCTOR);
  }

  /** GET /v1/nodes/{ident}/allocation: the node's allocation, or Ironic's AllocationNotFound. */
  async ofNode(req: IronicRequest, ident: string, args: Args) {
    rejectUnexpected(args, ['fields']);
    const node = await this.nodes.authorized(req, 'baremetal:node:get', ident);
    const fields = this.fields(req, args);
    const [allocation] = await this.repos.allocations.list({ node_id: node.id }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
    if (!allocation) throw new AllocationNotFound({ message: `Allocation for node ${ident} was not found` });
    return this.render(req, allocation, fields);
  }

  async removeOfNode(req: IronicRequest, ident: string): Promise<void> {
    const node = await this.nodes.authorized(req, 'baremetal:node:get', ident, true);
    const [allocation] = await this.repos.allocations.list({ node_id: node.id }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
    if (!allocation) throw new AllocationNotFound({ message: `Allocation for node ${ident} was not found` });
    this.authz.check(req, 'baremetal:allocation:delete', { 'allocation.owner': allocation.owner ?? '' });
    await this.drivers.callAny(DestroyAllocation, { allocation_uuid: allocation.uuid }, req.requestId, NO_CONDUCTOR);
  }

  render(req: IronicRequest, a: AllocationRecord, fields?: string[]): Record<string, unknown> {
    const body: Record<string, unknown> = {
      uuid: a.uuid,
      name: a.name,
      node_uuid: a.node_uuid,
      state: a.state,
      last_error: a.last_error,
      resource_class: a.resource_class,
      traits: a.traits ?? [],
      candidate_nodes: a.candidate_nodes ?? [],
      extra: a.extra ?? {},
      owner: a.owner,
      created_at: a.created_at,
      updated_at: a.updated_at,
      links: this.links.pair('allocations', a.uuid),
    };
    if (!allows(req, Microversion.ALLOCATION_OWNER)) delete body.owner;
    return selectFields(body, fields, FIELDS);
  }

  private fields(req: IronicRequest, args: Args): string[] | undefined {
    const fields = parseFields(req, args, {});
    if (fields?.includes('owner') && !allows(req, Microversion.ALLOCATION_OWNER)) throw notAcceptable();
    return fields;
  }

  /** By uuid or name, if the caller may do `rule` on it (an allocation of another project is not found). */
  private async authorized(req: IronicRequest, rule: string, ident: string): Promise<AllocationRecord> {
    const allocation = await this.repos.allocations.find(ident);
    if (!allocation) throw new AllocationNotFound({ allocation: ident });
    const target = { 'allocation.owner': allocation.owner ?? '' } as never;
    if (!this.authz.allows(req, 'baremetal:allocation:get', target)) throw new AllocationNotFound({ allocation: ident });
    this.authz.check(req, rule, target);
    return allocation;
  }

  /** A node an allocation names: not found is the client's mistake (400). */
  private async referencedNode(req: IronicRequest, ident: string): Promise<NodeRecord> {
    try {
      const node = await this.nodes.get(req, ident);
      if (!this.authz.allows(req, 'baremetal:node:get', nodeTarget(node))) throw new HTTPForbidden({ resource: 'baremetal:node:get' });
      return node;
    } catch (err) {
      if (err instanceof NotFound || (err as { code?: string }).code === 'NodeNotFound') throw new RecodedError(err as never, 400);
      throw err;
    }
  }

  /** Ironic's check_node_list: names and uuids to uuids, every one of them existing (only those nodes are read). */
  private async resolveNodes(idents: string[]): Promise<string[]> {
    const wanted = [...new Set(idents)];
    const bad = wanted.filter((i) => !isUuidLike(i) && !isValidLogicalName(i));
    const mapping = new Map<string, string>();
    if (!bad.length) {
      for (const ident of wanted) {
        const node = isUuidLike(ident) ? await this.repos.nodes.findByUuid(ident) : await this.repos.nodes.findByName(ident);
        if (node) mapping.set(ident, node.uuid);
      }
    }
    const missing = bad.length ? bad : wanted.filter((i) => !mapping.has(i));
    if (missing.length) throw new RecodedError(new NotFound({ message: `Nodes cannot be found: ${missing.join(', ')}` }), 400);
    return idents.map((i) => mapping.get(i)!);
  }
}
