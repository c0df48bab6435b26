import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Microversion, type NodeHistoryRecord } from '@ferrum/contracts';
import { Invalid, NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ApiConfig } from '../api.config';
import { Args, fromQuery, rejectUnexpected, toBoolean, toInteger, toUuid, toUuidOrName } from '../common/args';
import { nextUrl } from '../common/collection';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { CONFIG, REPOS } from '../tokens';
import { NodeLookup } from './node-lookup';
import { checkSubResourceVersion } from './sub-resource-gate';

const STANDARD_FIELDS = ['uuid', 'created_at', 'severity', 'event'] as const;
const DETAIL_FIELDS = ['uuid', 'created_at', 'severity', 'event_type', 'event', 'conductor', 'user'] as const;


/**
 * /v1/nodes/{ident}/history (1.78): the errors recorded on a node, oldest first. The list shows the
 * event cut to 255 characters unless `detail`; one entry always shows everything.
 */
@Controller('v1/nodes/:ident/history')
export class NodeHistoryController {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly nodes: NodeLookup,
    private readonly links: Links,
  ) {}

  @Get()
  async list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.NODE_HISTORY);
    const args: Args = fromQuery(query);
    rejectUnexpected(args, ['detail', 'marker', 'limit']);
    const detail = toBoolean('detail', args.detail) ?? false;
    const markerUuid = toUuid('marker', args.marker);
    const requested = toInteger('limit', args.limit);
    const node = await this.nodes.authorized(req, 'baremetal:node:history:get', ident);
    const marker = markerUuid ? await this.repos.history.getByUuid(markerUuid) : undefined;
    if (requested !== undefined && requested <= 0) throw new Invalid({ message: 'Limit must be positive' });
    const limit = Math.min(requested ?? this.config.maxLimit, this.config.maxLimit);
    const events = await this.repos.history.list(node.id, limit, marker);
    // Ironic's next link for history carries its marker object's repr; Ferrum's carries what a client needs.
    const next = nextUrl(this.links, `nodes/${ident}/history`, events.length, limit, events.at(-1)?.uuid, { ...(detail && { detail: 'True' }) });
    return { history: events.map((e) => this.render(node.uuid, e, detail)), ...(next && { next }) };
  }

  /**
   * Ferrum extension: `baremetal node history list --long` (ironicclient 5) asks for .../history/detail,
   * which Ironic 21.4 takes for an entry named "detail" (404). Served as the detailed list.
   */
  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    const args = fromQuery(query);
    if (args.detail !== undefined) rejectUnexpected(args, ['marker', 'limit']);
    return this.list(req, ident, { ...args, detail: 'true' });
  }

  @Get(':event')
  async one(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Param('event') event: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.NODE_HISTORY);
    rejectUnexpected(fromQuery(query), []);
    toUuidOrName('event', event);
    const node = await this.nodes.authorized(req, 'baremetal:node:history:get', ident);
    const entry = await this.repos.history.getByUuid(event);
    // Only the node's own entries are its history (Ironic 21.4 shows any node's entry here).
    if (entry.node_id !== node.id) throw new NotFound({ message: `Node history record ${event} could not be found.` });
    return this.render(node.uuid, entry, true);
  }

  private render(nodeUuid: string, e: NodeHistoryRecord, detail: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const field of detail ? DETAIL_FIELDS : STANDARD_FIELDS) body[field] = e[field];
    if (!detail && e.event.length > 255) body.event = `${e.event.slice(0, 251)}...`;
    body.links = [{ href: this.links.url('nodes', `${nodeUuid}/history/${e.uuid}`), rel: 'self' }];
    return body;
  }
}
