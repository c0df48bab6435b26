import { Inject, Injectable } from '@nestjs/common';
import { NodeRecord, pyRepr, pyStr } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue, NodeNotFound, OperationNotPermitted } from '@ferrum/errors';
import type { Repositories, VolumeFilter } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toBoolean, toStringList, toUuid, toUuidOrName } from '../common/args';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { nextUrl, parsePage } from '../common/collection';
import { RecodedError } from '../common/framework-error';
import { isUuidLike } from '../common/idents';
import { IronicRequest } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, parsePatch, patchValues } from '../common/json-patch';
import { parseSchema } from '../common/json-schema';
import { Links } from '../common/links';
import { NodeLookup } from '../nodes/node-lookup';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import type { VolumeKind, VolumeRecord } from './volume-kinds';
import { VolumeView } from './volume.view';

const LIST_ARGS = ['node', 'marker', 'limit', 'sort_key', 'sort_dir', 'fields', 'detail', 'project'];
// The database column is a 4-byte integer, as in Ironic's MySQL and PostgreSQL schemas.
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

export interface VolumeScope {
  /** `/v1/nodes/{ident}/volume/...`: reads of that node's objects; anything else there is refused (403). */
  nodeIdent?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Ironic's VolumeConnectorsController and VolumeTargetsController (one code, two kinds), in their order of
 * checks: arguments, the policy (a volume on a node the caller may not see is not found), the parent
 * node, then the body. Writes go to the node's conductor: creation as Ironic's API does it (no lock),
 * updates and deletes under the node's lock, refused unless the node is powered off.
 */
@Injectable()
export class VolumeService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly nodes: NodeLookup,
    private readonly view: VolumeView,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  async list<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest, args: Args, scope: VolumeScope = {}) {
    // `project` is an argument of Ironic's get_all that the policy then overrides: accepted, ignored.
    rejectUnexpected(args, LIST_ARGS);
    const nodeArg = toUuidOrName('node', args.node);
    const markerUuid = toUuid('marker', args.marker);
    const requested = toStringList('fields', args.fields);
    const detail = toBoolean('detail', args.detail);
    // check_volume_list_policy: the parent node is looked up by UUID only (a name is not found).
    let parent: NodeRecord | undefined;
    if (scope.nodeIdent !== undefined) {
      parent = isUuidLike(scope.nodeIdent) ? await this.repos.nodes.findByUuid(scope.nodeIdent) : undefined;
      if (!parent || !this.authz.allows(req, 'baremetal:node:get', nodeTarget(parent))) throw new NodeNotFound({ node: scope.nodeIdent });
    }
    const project = this.authz.listScope(req, 'volume');
    const fields = requested === undefined && !detail ? kind.defaultFields : requested;
    if (fields?.length && detail) throw new InvalidParameterValue({ message: "Can't fetch a subset of fields with 'detail' set" });
    const page = parsePage(args, this.config.maxLimit, kind.sort);
    let marker: R | undefined;
    if (markerUuid) {
      marker = await kind.find(this.repos, markerUuid);
      if (!marker) throw kind.notFound(markerUuid);
    }
    const filter: VolumeFilter = {};
    if (project !== undefined) filter.project = project;
    const node = parent ?? (nodeArg !== undefined ? await this.nodes.get(req, nodeArg) : undefined);
    if (node) filter.node_id = node.id;
    const items = await kind.list(this.repos, filter, page, marker);
    const redact = this.redacts(kind, req);
    // Ironic's next link always points at /v1/volume/<collection>, without the node.
    const next = nextUrl(this.links, `volume/${kind.collection}`, items.length, page.limit, items.at(-1)?.uuid, {
      sort_key: page.sortKey,
      sort_dir: page.sortDir,
      ...(detail && { detail: 'True' }),
      ...(fields?.length && { fields: fields.join(',') }),
    });
    return { [kind.collection]: items.map((item) => kind.render(this.view, item, fields, redact)), ...(next && { next }) };
  }

  async show<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest, ident: string, args: Args, scope: VolumeScope = {}) {
    rejectUnexpected(args, ['fields']);
    toUuid(kind.ident, ident);
    const fields = toStringList('fields', args.fields);
    const { record } = await this.retrieve(kind, req, 'baremetal:volume:get', ident);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    return kind.render(this.view, record, fields, this.redacts(kind, req));
  }

  /** The new object, rendered as Ironic's POST answers it (a target's properties are not redacted there). */
  async create<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest, body: unknown, scope: VolumeScope = {}): Promise<Record<string, unknown>> {
    const value = this.validate(kind, body, kind.body);
    const found = await this.repos.nodes.findByUuid(value.node_uuid as string);
    // A node the caller may not see is a node that does not exist; the create rule is checked either way first.
    const node = found && this.authz.allows(req, 'baremetal:node:get', nodeTarget(found)) ? found : undefined;
    this.authz.check(req, 'baremetal:volume:create', nodeTarget(node));
    if (!node) throw new Invalid({ message: `Invalid input for field/attribute node_uuid. Value: '${value.node_uuid as string}'. ` });
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    const input: Record<string, unknown> = { uuid: value.uuid ?? randomUUID(), node_uuid: node.uuid };
    for (const key of Object.keys(kind.changeable)) if (value[key] !== undefined && value[key] !== null) input[key] = value[key];
    const created = await kind.create(this.router, node, input, req.requestId);
    return kind.render(this.view, created, undefined, false);
  }

  async update<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest, ident: string, body: unknown, scope: VolumeScope = {}) {
    toUuid(kind.ident, ident);
    const patch = parsePatch(body);
    const { record, node } = await this.retrieve(kind, req, 'baremetal:volume:update', ident);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    checkPatchAllowed(patch, kind.patchAllowed);
    for (const value of patchValues(patch, '/node_uuid')) {
      if (!isUuidLike(value)) throw new Invalid({ message: `Expected a UUID for node_uuid, but received ${pyStr(value)}.` });
    }
    const { node_id: _nodeId, ...doc } = record as VolumeRecord & Record<string, unknown>;
    const patched = applyPatch(doc as Record<string, unknown>, patch);
    let destination = node;
    if ('node_uuid' in patched && patched.node_uuid !== record.node_uuid) {
      const moved = isUuidLike(patched.node_uuid) ? await this.repos.nodes.findByUuid(String(patched.node_uuid)) : undefined;
      // Ironic answers 400 for a node that is referenced rather than addressed.
      if (!moved) throw new RecodedError(new NodeNotFound({ node: pyStr(patched.node_uuid) }), 400);
      destination = moved;
    }
    const schemaKeys = Object.keys(kind.schema.shape);
    const validated = this.validate(kind, Object.fromEntries(Object.entries(patched).filter(([k]) => schemaKeys.includes(k))), 'patch');
    const changes: Record<string, unknown> = {};
    for (const [key, removed] of Object.entries(kind.changeable)) {
      const value = validated[key] ?? removed;
      if (!isDeepStrictEqual((record as unknown as Record<string, unknown>)[key] ?? null, value)) changes[key] = value;
    }
    if (destination.uuid !== record.node_uuid) changes.node_uuid = destination.uuid;
    const updated = await kind.update(this.router, destination, record.uuid, changes, req.requestId);
    return kind.render(this.view, updated, undefined, this.redacts(kind, req));
  }

  async remove<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest, ident: string, scope: VolumeScope = {}): Promise<void> {
    toUuid(kind.ident, ident);
    const { record, node } = await this.retrieve(kind, req, 'baremetal:volume:delete', ident);
    if (scope.nodeIdent !== undefined) throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    await kind.remove(this.router, node, record.uuid, req.requestId);
  }

  /** check_volume_policy_and_retrieve: one on a node the caller may not see is not found; then `rule` on that node. */
  private async retrieve<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest, rule: string, uuid: string): Promise<{ record: R; node: NodeRecord }> {
    const record = await kind.find(this.repos, uuid);
    if (!record) throw kind.notFound(uuid);
    const node = await this.repos.nodes.findByUuid(record.node_uuid);
    if (!node) throw kind.notFound(uuid);
    const target = nodeTarget(node);
    if (!this.authz.allows(req, 'baremetal:node:get', target)) throw kind.notFound(uuid);
    this.authz.check(req, rule, target);
    return { record, node };
  }

  private redacts<R extends VolumeRecord>(kind: VolumeKind<R>, req: IronicRequest): boolean {
    return kind.redacts && !this.authz.allows(req, 'baremetal:volume:view_target_properties');
  }

  /**
   * Ironic's schema check in jsonschema's order (a missing property, then an unknown one, then a wrong
   * type), then its uuid checks; `name` is the body's name in the error ("patch" after a PATCH).
   */
  private validate<R extends VolumeRecord>(kind: VolumeKind<R>, body: unknown, name: string): Record<string, unknown> {
    const given = body === undefined ? {} : body;
    if (isObject(given)) {
      const missing = kind.required.find((key) => !(key in given));
      if (missing) throw new InvalidParameterValue({ message: `Schema error for ${name}: '${missing}' is a required property` });
    }
    const value = { ...parseSchema(kind.schema, given, name) };
    if (typeof value.boot_index === 'number' && (value.boot_index < INT_MIN || value.boot_index > INT_MAX)) {
      const bound = value.boot_index > INT_MAX ? `greater than the maximum of ${INT_MAX}` : `less than the minimum of ${INT_MIN}`;
      throw new InvalidParameterValue({ message: `Schema error for ${name}: ${pyRepr(value.boot_index)} is ${bound}` });
    }
    toUuid('node_uuid', value.node_uuid);
    toUuid('uuid', value.uuid);
    return value;
  }
}
