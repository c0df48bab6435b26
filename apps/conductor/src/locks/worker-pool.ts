import { NoFreeConductorWorker } from '@ferrum/errors';
import type { Logger } from 'pino';

export interface WorkerSlot {
  /** Runs the job in the background in this slot; the slot frees when it settles. */
  run(job: () => Promise<void>): void;
  /** Gives the slot back unused (the caller failed before starting the job). */
  release(): void;
}

/**
 * Bounded pool of background jobs. A slot is reserved *before* the caller commits any state change,
 * so a full pool refuses the request (503) with nothing started and nothing to roll back.
 */
export class WorkerPool {
  private inUse = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    readonly size: number,
    private readonly logger: Logger,
    /** Called for each refused job (the refused-jobs metric). */
    private readonly onRefused: () => void = () => undefined,
  ) {}

  get active(): number {
    return this.inUse;
  }

  reserve(): WorkerSlot {
    if (this.inUse >= this.size) {
      this.onRefused();
      throw new NoFreeConductorWorker({});
    }
    this.inUse++;
    let settled = false;
    const free = () => {
      if (!settled) {
        settled = true;
        this.inUse--;
        if (this.inUse === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      }
    };
    return {
      run: (job) => {
        void (async () => {
          try {
            await job();
          } catch (err) {
            // Jobs record their own failures on the node; anything reaching here is a bug worth a log line.
            this.logger.error({ err }, 'background job failed');
          } finally {
            free();
          }
        })();
      },
      release: free,
    };
  }

  /**
   * Waits until no slot is in use (graceful shutdown), at most `timeoutMs`; true if the pool is idle.
   * Reserved slots count, not only running jobs: a request that reserved a slot and is still waiting
   * for its node lock starts its job after this began, and the process must not exit under it.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.inUse === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return this.inUse === 0;
  }
}
