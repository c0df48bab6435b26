import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { LOGGER, CONFIG } from '../tokens';
import { CallbackTimeoutsTask } from './callback-timeouts.task';
import { PowerSyncTask } from './power-sync.task';

/** Starts the periodic tasks; a pass never overlaps the previous one of the same task. */
@Injectable()
export class PeriodicService {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();

  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    readonly powerSync: PowerSyncTask,
    readonly callbackTimeouts: CallbackTimeoutsTask,
  ) {}

  start(): void {
    this.every('power-sync', this.config.syncPowerStateIntervalS, () => this.powerSync.run());
    this.every('callback-timeouts', this.config.checkProvisionStateIntervalS, () => this.callbackTimeouts.run());
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }

  private every(name: string, seconds: number, pass: () => Promise<unknown>): void {
    if (seconds <= 0) return;
    const timer = setInterval(() => {
      if (this.running.has(name)) return;
      this.running.add(name);
      const started = Date.now();
      pass()
        .then((result) => this.logger.debug({ task: name, ms: Date.now() - started, result }, 'periodic task done'))
        .catch((err) => this.logger.error({ err, task: name }, 'periodic task failed'))
        .finally(() => this.running.delete(name));
    }, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }
}
