/** Latency summaries in milliseconds from a list of samples (ms). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

export const fmt = (x, digits = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

/** Prints one result row beside its baseline with the ratio. */
export function row(name, value, unit, baselineName, baselineValue) {
  const ratio = baselineValue ? value / baselineValue : NaN;
  console.log(`${name.padEnd(44)} ${fmt(value).padStart(9)} ${unit.padEnd(6)} | ${baselineName.padEnd(30)} ${fmt(baselineValue).padStart(9)} ${unit.padEnd(6)} | ratio ${fmt(ratio)}`);
  return { name, value, unit, baseline: baselineName, baselineValue, ratio };
}
