import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { Invalid, TemporaryFailure } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiConfig } from '../api.config';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { CONFIG, REPOS } from '../tokens';
import { readAccess } from './event-access';
import { EventFilter, matches, parseTypes } from './event-filter';
import { EventHub } from './event-hub';
import { SseStream } from './sse-stream';

/** How long an EventSource waits before it reconnects (with Last-Event-ID). */
const RETRY_MS = 2000;

/**
 * GET /v1/ferrum/events (a Ferrum extension; no microversion gates it): every change of nodes, ports, allocations,
 * inspections and conductors as Server-Sent Events, in order, each once. A client that reconnects with
 * `Last-Event-ID` gets what it missed, if it is still kept (FERRUM_EVENTS_RETENTION_S); an older one is told
 * `truncated` and continues from the oldest kept. `?node=` (uuid or name), `?type=` (event types or resources,
 * comma-separated) and `?owner=` narrow it; each event is shown only to those who may read its resource.
 */
@Controller('v1/ferrum/events')
export class EventStreamController {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
    private readonly hub: EventHub,
  ) {}

  @Get()
  async stream(@Ironic() req: IronicRequest, @Query() query: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const args = fromQuery(query);
    rejectUnexpected(args, ['node', 'type', 'owner']);
    const filter: EventFilter = {};
    if (typeof args.node === 'string') {
      const node = await this.repos.nodes.getByIdent(args.node);
      this.authz.checkNode(req, 'baremetal:node:get', node, args.node);
      filter.node = node.uuid;
    }
    if (typeof args.type === 'string') filter.types = parseTypes(args.type);
    if (typeof args.owner === 'string') filter.owner = args.owner;
    const after = lastEventId(request.headers['last-event-id']);
    if (this.hub.subscribers >= this.config.eventsMaxSubscribers) {
      throw new TemporaryFailure({ message: `This API serves ${this.config.eventsMaxSubscribers} event streams already; please retry later.` });
    }
    const { first } = await this.hub.bounds();

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // Proxies that buffer responses (nginx) would hold the events back.
      'X-Accel-Buffering': 'no',
      'Openstack-Request-Id': req.requestId,
    });
    const allowed = readAccess(this.authz, req);
    const stream = new SseStream(res, (e) => matches(filter, e) && allowed(e), () => this.hub.leave(stream));
    stream.open(RETRY_MS);
    if (after !== undefined && first > 0 && after < first - 1) stream.notice('truncated', { last_event_id: after, oldest_kept: first });
    try {
      await this.hub.join(stream, after);
    } catch {
      // The database could not be read to start the stream: the client retries after RETRY_MS.
      res.destroy();
    }
  }
}

/** The client's Last-Event-ID: the seq of the last event it got. */
function lastEventId(value: string | string[] | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = Array.isArray(value) ? value[value.length - 1] : value;
  if (!/^\d{1,15}$/.test(text)) throw new Invalid({ message: `Invalid Last-Event-ID: ${text}; expected the id of an event` });
  return Number(text);
}
