import { Inject, Injectable } from '@nestjs/common';
import type { FerrumMetrics } from '@ferrum/observability';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import type { Repositories } from '@ferrum/persistence';
import { LOGGER, CONFIG, METRICS, REPOS } from '../tokens';
import { AllocationService } from '../allocations/allocation.service';
import { CallbackTimeoutsTask } from './callback-timeouts.task';
import { PowerSyncTask } from './power-sync.task';
import { InspectionStatusTask } from '../inspection/inspection-status.task';
import { TaskManager } from '../locks/task-manager';
import { EventRelay } from '../events/event-relay';

/** Starts the periodic tasks; a pass never overlaps the previous one of the same task. */
@Injectable()
export class PeriodicService {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: FerrumMetrics,
    readonly powerSync: PowerSyncTask,
    readonly callbackTimeouts: CallbackTimeoutsTask,
    readonly inspectionStatus: InspectionStatusTask,
    private readonly tasks: TaskManager,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly allocations: AllocationService,
    private readonly events: EventRelay,
  ) {}

  start(): void {
    this.every('power-sync', this.config.syncPowerStateIntervalS, () => this.powerSync.run());
    this.every('callback-timeouts', this.config.checkProvisionStateIntervalS, () => this.callbackTimeouts.run());
    this.every('orphan-allocations', this.config.checkAllocationsIntervalS, () => this.allocations.resumeOrphans(this.config.heartbeatTimeoutS));
    this.every('inspection-status', this.config.inspectorStatusCheckPeriodS, () => this.inspectionStatus.run());
    // On the heartbeat's beat: a lock whose release failed (database down) is given back one beat after it is up.
    this.every('orphan-locks', this.config.heartbeatIntervalS, () => this.tasks.releaseOrphans());
    // Large call bodies whose receiver died before taking them (they are taken within an RPC timeout otherwise).
    this.every('event-relay', this.config.eventsRelayIntervalMs / 1000, () => this.events.pass());
    this.every('event-prune', 60, () => this.events.prune());
    this.every('rpc-payloads', 60, () => this.repos.payloads.purgeOlderThan(Math.max(600, (this.config.rpcTimeoutMs / 1000) * 2)));
  }

  /** Starts no new pass; the one under way (it may hold node locks) is awaited with `idle()`. */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    await Promise.all(this.running.values());
  }

  private every(name: string, seconds: number, pass: () => Promise<unknown>): void {
    if (seconds <= 0) return;
    const timer = setInterval(() => {
      if (this.running.has(name)) return;
      const started = performance.now();
      const done = pass()
        .then((result) => {
          this.observe(name, started, 'ok');
          this.logger.debug({ task: name, ms: Math.round(performance.now() - started), result }, 'periodic task done');
        })
        .catch((err) => {
          this.observe(name, started, 'error');
          this.logger.error({ err, task: name }, 'periodic task failed');
        })
        .finally(() => this.running.delete(name));
      this.running.set(name, done);
    }, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }

  private observe(task: string, started: number, outcome: 'ok' | 'error'): void {
    this.metrics.periodicDuration.observe({ conductor: this.config.hostname, task, outcome }, (performance.now() - started) / 1000);
  }
}
