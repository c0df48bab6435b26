import { Inject, Injectable } from '@nestjs/common';
import { ResourceEventsRelayed, type ResourceEvent } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import { FerrumClient } from '@ferrum/transport';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { CONFIG, LOGGER, REPOS } from '../tokens';

/** Rows numbered per transaction: short enough not to hold the relays' lock long. */
const BATCH = 500;
/** Events per broadcast: a few hundred KiB at most, well under NATS's 1 MiB. */
const PER_MESSAGE = 100;

/**
 * The event stream's relay: numbers the events the triggers wrote (in one place, without gaps) and broadcasts
 * them. Every conductor runs one; one at a time has the turn. A broadcast lost (NATS down, an API restarting)
 * loses nothing: the events are numbered in the database, and receivers read the ones they missed from there.
 */
@Injectable()
export class EventRelay {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly client: FerrumClient,
  ) {}

  /** @returns how many events were numbered */
  async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const events = await this.repos.events.sequence(BATCH);
      total += events.length;
      for (let i = 0; i < events.length; i += PER_MESSAGE) await this.broadcast(events.slice(i, i + PER_MESSAGE));
      if (events.length < BATCH) return total;
    }
  }

  /** Forgets events older than the retention window. */
  async prune(): Promise<number> {
    return this.repos.events.prune(new Date(Date.now() - this.config.eventsRetentionS * 1000));
  }

  private async broadcast(events: ResourceEvent[]): Promise<void> {
    try {
      await this.client.broadcast(ResourceEventsRelayed, { events });
    } catch (err) {
      this.logger.warn({ err, from: events[0].seq, to: events[events.length - 1].seq }, 'events numbered but not broadcast; receivers will read them from the database');
    }
  }
}
