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
  private readonly running = new Set<Promise<void>>();

  constructor(
    readonly size: number,
    private readonly logger: Logger,
  ) {}

  get active(): number {
    return this.inUse;
  }

  reserve(): WorkerSlot {
    if (this.inUse >= this.size) throw new NoFreeConductorWorker({});
    this.inUse++;
    let settled = false;
    const free = () => {
      if (!settled) {
        settled = true;
        this.inUse--;
      }
    };
    return {
      run: (job) => {
        const p = (async () => {
          try {
            await job();
          } catch (err) {
            // Jobs record their own failures on the node; anything reaching here is a bug worth a log line.
            this.logger.error({ err }, 'background job failed');
          } finally {
            free();
          }
        })();
        this.running.add(p);
        void p.finally(() => this.running.delete(p));
      },
      release: free,
    };
  }

  /** Waits for running jobs (graceful shutdown), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
