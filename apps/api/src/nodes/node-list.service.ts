import { Inject, Injectable } from '@nestjs/common';
import type { NodeRecord } from '@ferrum/contracts';
import { NodeNotFound } from '@ferrum/errors';
import type { NodeFilter, Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Args } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { nextUrl, parsePage } from '../common/collection';
import { listFields } from '../common/fields';
import type { IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { NODE_DEFAULT_LIST_FIELDS, NODE_REFUSED_SORT_KEYS, NODE_SORT_COLUMNS } from './node-fields';
import { NodeListQuery, childNodeFilter, parseNodeListQuery } from './node-list.query';
import { NodeBody, NodeView } from './node.view';

export interface NodeListScope {
  /** The collection path for `next`, e.g. `nodes/detail` or `chassis/{uuid}/nodes`. */
  path: string;
  /** The `/detail` sub-path: every field, and no `fields`/`detail` arguments. */
  detailPath: boolean;
  /** Nodes of one chassis (`/chassis/{uuid}/nodes`). */
  chassisUuid?: string;
}

export interface NodeCollection {
  nodes: NodeBody[];
  next?: string;
}

/** GET /v1/nodes, /v1/nodes/detail and /v1/chassis/{uuid}/nodes (§4, §6.1): read from the database. */
@Injectable()
export class NodeListService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly view: NodeView,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  async list(req: IronicRequest, args: Args, scope: NodeListScope): Promise<NodeCollection> {
    // First, as Ironic: a caller without list_all sees only the nodes its project owns or leases.
    const project = this.authz.listScope(req, 'node', typeof args.project === 'string' ? args.project : undefined);
    const query = parseNodeListQuery(req, args, scope.detailPath);
    if (scope.chassisUuid) query.chassis_uuid = scope.chassisUuid;
    const { fields, detail } = scope.detailPath
      ? { fields: undefined, detail: undefined }
      : listFields(req, query.fields, args.detail, NODE_DEFAULT_LIST_FIELDS);
    const page = parsePage(args, this.config.maxLimit, { columns: NODE_SORT_COLUMNS, refused: NODE_REFUSED_SORT_KEYS });
    let marker: NodeRecord | undefined;
    if (query.marker) {
      marker = await this.repos.nodes.findByUuid(query.marker);
      if (!marker) throw new NodeNotFound({ node: query.marker });
    }
    const filter = await this.filter(query);
    if (project !== undefined) filter.project = project;
    const nodes = await this.repos.nodes.list(filter, page, marker);
    const body: NodeCollection = { nodes: await this.view.renderMany(nodes, req, fields) };
    // A node per instance is unique, so an instance_uuid query never pages.
    const next = query.instance_uuid
      ? undefined
      : nextUrl(this.links, scope.path, nodes.length, page.limit, nodes.at(-1)?.uuid, {
          ...this.carried(args),
          sort_key: page.sortKey,
          sort_dir: page.sortDir,
          ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
          // Ironic carries the fields it returned, the defaults included, into the next page.
          ...(fields && { fields: fields.join(',') }),
        });
    if (next) body.next = next;
    return body;
  }

  private async filter(query: NodeListQuery): Promise<NodeFilter> {
    const { chassis_uuid, conductor, marker: _marker, fields: _fields, conductor_group, include_children, parent_node, ...direct } = query;
    const filter: NodeFilter = { ...direct, ...childNodeFilter({ include_children, parent_node }) };
    if (conductor_group !== undefined) filter.conductor_group = conductor_group.toLowerCase();
    if (chassis_uuid) filter.chassis_id = (await this.repos.chassis.getByUuid(chassis_uuid)).id;
    if (conductor !== undefined) filter.uuids = await this.nodesOf(conductor);
    return filter;
  }

  /** Nodes the ring maps to one conductor: computed, there is no such column. */
  private async nodesOf(hostname: string): Promise<string[]> {
    const nodes = await this.repos.nodes.listRoutingInfo();
    const owners = await Promise.all(nodes.map((n) => this.router.conductorFor(n).catch(() => null)));
    return nodes.filter((_n, i) => owners[i] === hostname).map((n) => n.uuid);
  }

  /** Filters the client gave are carried into `next` as given (upstream drops some; carrying them is harmless). */
  private carried(args: Args): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(args)) {
      if (['limit', 'marker', 'sort_key', 'sort_dir', 'fields', 'detail'].includes(key)) continue;
      out[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return out;
  }
}
