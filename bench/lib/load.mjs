import { performance } from 'node:perf_hooks';

/** Runs `fn` sequentially `count` times after `warmup` runs; returns per-call latencies (ms). */
export async function latencies(fn, count, warmup = Math.min(50, count)) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** Keeps `concurrency` calls in flight for `seconds`; returns completed calls per second and latencies. */
export async function throughput(fn, { concurrency, seconds }) {
  for (let i = 0; i < 20; i++) await fn(i);
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const samples = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await fn(done);
        samples.push(performance.now() - t);
        done++;
      }
    }),
  );
  return { rps: done / ((performance.now() - start) / 1000), samples };
}
