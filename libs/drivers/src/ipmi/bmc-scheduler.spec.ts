import { BmcScheduler } from './bmc-scheduler';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BmcScheduler', () => {
  it('runs calls to one BMC one at a time, each starting at least the minimum interval after the last ended', async () => {
    const scheduler = new BmcScheduler(10, 40);
    const spans: { start: number; end: number }[] = [];
    let running = 0;
    let overlap = false;
    await Promise.all(
      [1, 2, 3].map(() =>
        scheduler.run('10.0.0.1:623', async () => {
          if (running++) overlap = true;
          const start = performance.now();
          await sleep(10);
          spans.push({ start, end: performance.now() });
          running--;
        }),
      ),
    );
    expect(overlap).toBe(false);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start - spans[i - 1].end).toBeGreaterThanOrEqual(40);
  });

  it('runs calls to different BMCs in parallel, never more than the limit at once', async () => {
    const scheduler = new BmcScheduler(3, 1000);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        scheduler.run(`10.0.0.${i}:623`, async () => {
          peak = Math.max(peak, ++running);
          await sleep(5);
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('keeps serving a BMC after one of its calls failed', async () => {
    const scheduler = new BmcScheduler(1, 0);
    await expect(scheduler.run('bmc', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(scheduler.run('bmc', async () => 'ok')).resolves.toBe('ok');
  });
});
