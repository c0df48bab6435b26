import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ResourceEventsRelayed, type ResourceEvent } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import { FerrumClient, type Subscription } from '@ferrum/transport';
import type { Logger } from 'pino';
import { LOGGER, REPOS } from '../tokens';

/** One open stream, as the hub sees it. */
export interface EventSink {
  /** Takes the next event in seq order (it filters); false when the client fell too far behind and was closed. */
  deliver(event: ResourceEvent): boolean;
}

/** Events read from the database per query when catching up. */
const PAGE = 1000;
/** How often the hub looks in the database for events whose broadcast it missed (NATS down, a relay's failed publish). */
const GAP_CHECK_MS = 1000;

/**
 * The API process's side of the event stream: receives the relay's broadcasts and hands every event, once and in
 * seq order, to each open stream. Gaps (a broadcast lost or late) are filled from the database, which keeps every
 * event for FERRUM_EVENTS_RETENTION_S, so an event is never skipped nor given twice. Started by the first subscriber.
 */
@Injectable()
export class EventHub implements OnModuleDestroy {
  /** The newest event handed out: every event up to it has been. */
  private last = 0;
  private started?: Promise<void>;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  /** Everything that moves `last` runs here, one step at a time. */
  private chain: Promise<void> = Promise.resolve();
  private readonly sinks = new Set<EventSink>();

  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly client: FerrumClient,
  ) {}

  get subscribers(): number {
    return this.sinks.size;
  }

  /**
   * Adds a stream: after `after` (the client's Last-Event-ID) it first gets what it missed, from the database;
   * without, it starts with the next event.
   */
  async join(sink: EventSink, after?: number): Promise<void> {
    await this.start();
    // The bulk of a catch-up outside the chain (other streams go on meanwhile), the last stretch inside it.
    const cursor = await this.catchUp(sink, after ?? this.last);
    if (cursor === undefined) return;
    await this.serially(async () => {
      if ((await this.catchUp(sink, cursor)) !== undefined) this.sinks.add(sink);
    });
  }

  /**
   * Hands a stream what the database holds after `cursor`, up to what the hub has handed out.
   * @returns the last seq given, or undefined when the stream was closed on the way
   */
  private async catchUp(sink: EventSink, cursor: number): Promise<number | undefined> {
    for (;;) {
      const rows = await this.repos.events.after(cursor, PAGE, this.last);
      for (const event of rows) if (!sink.deliver(event)) return undefined;
      if (rows.length) cursor = rows[rows.length - 1].seq;
      if (rows.length < PAGE) return cursor;
    }
  }

  leave(sink: EventSink): void {
    this.sinks.delete(sink);
  }

  /** The oldest and newest events kept. */
  bounds(): Promise<{ first: number; last: number }> {
    return this.repos.events.bounds();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.subscription?.unsubscribe().catch(() => undefined);
    this.sinks.clear();
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      // The newest first: an event broadcast before the subscription is read from the database as a gap.
      this.last = (await this.repos.events.bounds()).last;
      this.subscription = await this.client.subscribe(ResourceEventsRelayed, ({ events }) => void this.serially(() => this.take(events)));
      this.timer = setInterval(() => void this.serially(() => this.fill()), GAP_CHECK_MS);
      this.timer.unref();
    })().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch((err: unknown) => this.logger.warn({ err }, 'event stream: could not read events from the database; trying again'));
    return run;
  }

  private async take(events: ResourceEvent[]): Promise<void> {
    for (const event of events) {
      if (event.seq <= this.last) continue;
      if (event.seq > this.last + 1) await this.fill(event.seq - 1);
      if (event.seq <= this.last) continue;
      this.dispatch(event);
    }
  }

  /** Hands out what the database has after `last` (up to `until`). */
  private async fill(until?: number): Promise<void> {
    for (;;) {
      const rows = await this.repos.events.after(this.last, PAGE, until);
      for (const event of rows) this.dispatch(event);
      if (rows.length < PAGE) return;
    }
  }

  private dispatch(event: ResourceEvent): void {
    this.last = event.seq;
    for (const sink of this.sinks) if (!sink.deliver(event)) this.sinks.delete(sink);
  }
}
