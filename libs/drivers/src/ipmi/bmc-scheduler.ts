const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Lane {
  tail: Promise<void>;
  lastEnd: number;
  pending: number;
}

/**
 * Ironic serializes ipmitool calls per BMC and spaces them by min_command_interval, because many BMCs
 * drop sessions or lock up under concurrent or back-to-back requests. Calls to different BMCs run in
 * parallel, up to a global limit (each is an ipmitool process).
 */
export class BmcScheduler {
  private readonly lanes = new Map<string, Lane>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxParallel: number,
    private readonly minIntervalMs: number,
  ) {}

  /** Runs `fn` when this BMC's previous call ended at least the minimum interval ago and a global slot is free. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), lastEnd: 0, pending: 0 };
      this.lanes.set(key, lane);
    }
    const current = lane;
    current.pending++;
    const result = current.tail.then(async () => {
      // Timers may fire a little early: sleep until the interval has really passed.
      while (current.lastEnd && performance.now() < current.lastEnd + this.minIntervalMs) await sleep(Math.ceil(current.lastEnd + this.minIntervalMs - performance.now()));
      await this.acquire();
      try {
        return await fn();
      } finally {
        current.lastEnd = performance.now();
        this.releaseSlot();
      }
    });
    current.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void current.tail.then(() => {
      // Forget idle BMCs once their interval has passed, so the map does not grow with every BMC ever seen.
      if (--current.pending === 0) setTimeout(() => current.pending === 0 && this.lanes.get(key) === current && this.lanes.delete(key), this.minIntervalMs).unref();
    });
    return result;
  }

  private acquire(): Promise<void> {
    if (this.running < this.maxParallel) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
