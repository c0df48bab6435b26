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

/**
 * Keeps `concurrency` calls in flight for `seconds` after `warmup` sequential calls; returns completed calls per
 * second, how long the measured part took (s) and the latencies under that concurrency (ms).
 */
export async function throughput(fn, { concurrency, seconds, warmup = 20 }) {
  for (let i = 0; i < warmup; i++) await fn(i);
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
  const elapsed = (performance.now() - start) / 1000;
  return { rps: done / elapsed, elapsed, samples };
}

/**
 * Measures `subject` against `baseline` in `rounds` alternating pairs (baseline, subject, baseline, …) and keeps
 * the pair whose ratio (subject ÷ baseline, of `figure`) is the median: on a small shared machine one run of
 * each can land in a noisy second and swing the ratio by a fifth; pairs taken side by side share the noise.
 * BENCH_ROUNDS sets the number of pairs (default 3).
 */
export async function pairedRounds(baseline, subject, figure, rounds = Number(process.env.BENCH_ROUNDS ?? 3)) {
  const pairs = [];
  for (let r = 0; r < rounds; r++) {
    const b = await baseline();
    const s = await subject();
    pairs.push({ baseline: b, subject: s, ratio: figure(s) / figure(b) });
  }
  const sorted = [...pairs].sort((x, y) => x.ratio - y.ratio);
  return { ...sorted[Math.floor(sorted.length / 2)], ratios: pairs.map((p) => p.ratio) };
}
