import type { ResourceEvent } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { PxeFilter } from './pxe-filter';

export interface PxeFilterSettings {
  /** False for the noop driver: nothing to write, so nothing is read either. */
  enabled: boolean;
  syncPeriodS: number;
  denyUnknownMacs: boolean;
  discovery: boolean;
  /** Observes each sync's duration in seconds (metrics). */
  observe?: (seconds: number, outcome: 'ok' | 'error') => void;
}

/**
 * Nodes whose machines network-boot the agent: being inspected (either inspect interface, or one started from
 * the Ironic side while the inspector's row lags) and being deployed, cleaned, serviced or rescued.
 */
export const PXE_BOOTING_STATES = ['inspecting', 'inspect wait', 'deploying', 'wait call-back', 'cleaning', 'clean wait', 'rescuing', 'rescue wait', 'servicing', 'service wait'] as const;

/**
 * Whether a change can move a MAC in or out of the filter: a node changing provision state (or coming or going), a
 * port coming, going or changing. The inspector syncs on these as the event stream brings them, so a node entering
 * cleaning or deploy is let through within moments, not at the next period.
 */
export function movesPxeFilter(event: Pick<ResourceEvent, 'type' | 'data'>): boolean {
  if (event.type === 'node.updated') return Array.isArray(event.data.changed) && event.data.changed.includes('provision_state');
  return event.type === 'node.created' || event.type === 'node.deleted' || event.type.startsWith('port.');
}

/**
 * Runs the PXE filter (§6): reads ports and active introspections, hands them to the driver. Synced at
 * start, on every introspection start and finish, on node and port changes that move it (`movesPxeFilter`, when the
 * inspector follows the event stream) and every `syncPeriodS`. Requests that arrive while a
 * sync runs share the one queued after it (it reads the database afresh). A failed sync changes nothing
 * and is retried at the next one.
 */
export class PxeFilterService {
  private timer?: NodeJS.Timeout;
  private current: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;

  constructor(
    private readonly filter: PxeFilter,
    private readonly repos: Repositories,
    private readonly settings: PxeFilterSettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.filter.init();
    await this.sync();
    if (this.settings.syncPeriodS > 0) {
      this.timer = setInterval(() => void this.sync().catch(() => undefined), this.settings.syncPeriodS * 1000);
      this.timer.unref();
    }
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.current.catch(() => undefined);
  }

  sync(): Promise<void> {
    if (!this.settings.enabled) return Promise.resolve();
    if (this.queued) return this.queued;
    const run = this.current
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.syncNow();
      });
    this.queued = run;
    this.current = run;
    return run;
  }

  private async syncNow(): Promise<void> {
    const started = performance.now();
    try {
      const [ports, introspected, unfinished] = await Promise.all([
        this.repos.ports.macsByNodeState(PXE_BOOTING_STATES),
        this.repos.introspections.activeMacs(),
        this.repos.introspections.countUnfinished(),
      ]);
      const activeMacs = new Set([...introspected, ...ports.inStates]);
      const allowUnknown = (unfinished > 0 || this.settings.discovery) && !this.settings.denyUnknownMacs;
      await this.filter.sync({ knownMacs: ports.all, activeMacs, allowUnknown });
      this.settings.observe?.((performance.now() - started) / 1000, 'ok');
    } catch (err) {
      this.settings.observe?.((performance.now() - started) / 1000, 'error');
      this.logger.error({ err }, 'PXE filter sync failed; nothing changed');
      throw err;
    }
  }
}
