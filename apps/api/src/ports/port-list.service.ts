import { Inject, Injectable } from '@nestjs/common';
import { Microversion, PortRecord, apiMaximum } from '@ferrum/contracts';
import { Invalid, OperationNotPermitted, PortNotFound } from '@ferrum/errors';
import type { PortFilter, Repositories } from '@ferrum/persistence';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toMac, toStringArg, toStringList, toUuid, toUuidOrName } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { nextUrl, parsePage } from '../common/collection';
import { fieldAllowed, listFields, notAcceptable, parseFields } from '../common/fields';
import { isUuidLike } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import { NodeLookup } from '../nodes/node-lookup';
import { CONFIG, REPOS } from '../tokens';
import { PORT_DEFAULT_LIST_FIELDS, PORT_FIELD_GATES, PortBody, PortView } from './port.view';

const FILTERS = ['node', 'node_uuid', 'address', 'marker', 'limit', 'sort_key', 'sort_dir', 'portgroup', 'project', 'shard'];
/**
 * Filters of later releases: known (else "Unexpected arguments") once the served maximum has them, at any
 * requested version, since Ironic checks none against the request's version.
 */
const LATER_FILTERS: [string, number][] = [
  ['description_contains', Microversion.PORT_DESCRIPTION],
  ['conductor_groups', Microversion.PORT_CONDUCTOR_GROUPS],
];
const SORT = {
  columns: [
    'id', 'uuid', 'address', 'pxe_enabled', 'physical_network', 'portgroup_uuid', 'is_smartnic', 'name', 'description', 'vendor', 'category', 'available_for_dynamic_portgroup',
    'created_at', 'updated_at',
  ],
  refused: ['extra', 'internal_info', 'local_link_connection'],
};
// Every node, when a filter needs the ids of the nodes it selects.
const ALL = { limit: Number.MAX_SAFE_INTEGER, sortKey: 'id', sortDir: 'asc' } as const;

export interface PortListScope {
  path: string;
  detailPath: boolean;
  /** Ports of one node (`/nodes/{ident}/ports`). */
  nodeIdent?: string;
  /** Ports of one port group (`/portgroups/{ident}/ports`). */
  portgroupIdent?: string;
}

/** GET /v1/ports[/detail] and /v1/nodes/{ident}/ports[/detail] (§9). */
@Injectable()
export class PortListService {
  /** The list arguments of the served release. */
  private readonly filters: string[];

  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly lookup: NodeLookup,
    private readonly view: PortView,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {
    const maximum = this.servedMaximum(config);
    this.filters = [...FILTERS, ...LATER_FILTERS.filter(([, since]) => maximum >= since).map(([name]) => name)];
  }

  /** The API maximum of the served release. A seam: service specs serve releases past Ferrum's maximum. */
  protected servedMaximum(config: ApiConfig): number {
    return apiMaximum(config.pinReleaseVersion);
  }

  async list(req: IronicRequest, args: Args, scope: PortListScope): Promise<{ ports: PortBody[]; next?: string }> {
    const visibleTo = await this.listScope(req, scope.nodeIdent, scope.portgroupIdent);
    rejectUnexpected(args, scope.detailPath ? this.filters : [...this.filters, 'fields', 'detail']);
    const requested = parseFields(req, args, PORT_FIELD_GATES);
    const sortKey = toStringArg('sort_key', args.sort_key);
    if (sortKey !== undefined && !fieldAllowed(PORT_FIELD_GATES, sortKey, req.version)) throw notAcceptable();
    const nodeUuid = toUuid('node_uuid', args.node_uuid);
    const nodeArg = toUuidOrName('node', args.node);
    // The deprecated node_uuid wins over node; names in `node` need 1.5.
    if (!nodeUuid && nodeArg !== undefined && !isUuidLike(nodeArg) && !allows(req, Microversion.NODE_NAME)) throw notAcceptable();
    const nodeIdent = scope.nodeIdent ?? nodeUuid ?? nodeArg;
    const address = toMac('address', args.address);
    const portgroup = scope.portgroupIdent ?? toStringArg('portgroup', args.portgroup);
    if (portgroup !== undefined && !allows(req, Microversion.PORTGROUP_UUID)) throw notAcceptable();
    const shard = toStringList('shard', args.shard);
    if (shard !== undefined && !allows(req, Microversion.SHARDS)) throw notAcceptable(Microversion.SHARDS);
    const project = toStringArg('project', args.project);
    const descriptionContains = toStringArg('description_contains', args.description_contains);
    const conductorGroups = toStringList('conductor_groups', args.conductor_groups);
    if ([nodeIdent, portgroup, shard].filter((f) => f !== undefined).length > 1) {
      throw new OperationNotPermitted({ message: 'Operation not permitted.' });
    }
    if (conductorGroups?.length && (nodeIdent || portgroup || address)) {
      throw new Invalid({ message: 'Filtering by conductor_groups cannot be combined with node_ident, portgroup_ident, or node address filters.' });
    }
    const { fields, detail } = scope.detailPath
      ? { fields: undefined, detail: undefined }
      : listFields(req, requested, args.detail, PORT_DEFAULT_LIST_FIELDS);
    const page = parsePage(args, this.config.maxLimit, SORT);
    let marker: PortRecord | undefined;
    const markerUuid = toUuid('marker', args.marker);
    if (markerUuid) {
      marker = await this.repos.ports.findByUuid(markerUuid);
      if (!marker) throw new PortNotFound({ port: markerUuid });
    }
    const filter: PortFilter = {};
    if (portgroup !== undefined) filter.portgroup_uuid = (await this.repos.portgroups.getByIdent(portgroup)).uuid;
    if (visibleTo !== undefined) filter.project = visibleTo;
    if (nodeIdent !== undefined) filter.node_id = (await this.lookup.get(req, nodeIdent)).id;
    if (address !== undefined) filter.address = address;
    // Ironic looks a port up by address without the description filter, and lists a shard's ports without
    // the conductor groups one; an empty value filters nothing.
    if (descriptionContains && address === undefined) filter.description_contains = descriptionContains;
    if (conductorGroups?.length && shard === undefined) filter.conductor_groups = conductorGroups;
    if (shard !== undefined) filter.node_ids = (await this.repos.nodes.list({ shard }, ALL)).map((n) => n.id);
    if (project !== undefined) {
      const ids = (await this.repos.nodes.list({ project }, ALL)).map((n) => n.id);
      filter.node_ids = filter.node_ids ? filter.node_ids.filter((id) => ids.includes(id)) : ids;
    }
    const ports = await this.repos.ports.list(filter, page, marker);
    const body: { ports: PortBody[]; next?: string } = { ports: ports.map((p) => this.view.render(p, req, fields)) };
    // An address matches at most one port, so it never pages.
    const next = address
      ? undefined
      : nextUrl(this.links, scope.path, ports.length, page.limit, ports.at(-1)?.uuid, {
          ...Object.fromEntries(
            ['node', 'node_uuid', 'project', 'shard'].filter((k) => typeof args[k] === 'string').map((k) => [k, args[k] as string]),
          ),
          sort_key: page.sortKey,
          sort_dir: page.sortDir,
          ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
          // Ironic carries the fields it returned, the defaults included, into the next page.
          ...(fields && { fields: fields.join(',') }),
        });
    if (next) body.next = next;
    return body;
  }

  /**
   * Ironic's check_port_list_policy, before anything else: below a node, the caller must see the node
   * (else 404); without `port:list_all`, a project-scoped caller with `port:list` sees the ports of nodes
   * its project owns or leases (the project returned), anyone else is refused.
   */
  private async listScope(req: IronicRequest, nodeIdent: string | undefined, portgroupIdent?: string): Promise<string | undefined> {
    if (nodeIdent !== undefined) this.authz.checkNode(req, 'baremetal:node:get', await this.lookup.get(req, nodeIdent), nodeIdent);
    if (portgroupIdent !== undefined) {
      const group = await this.repos.portgroups.getByIdent(portgroupIdent);
      this.authz.checkPortgroup(req, 'baremetal:node:get', await this.repos.nodes.findByUuid(group.node_uuid), portgroupIdent);
    }
    return this.authz.listScope(req, 'port');
  }
}
