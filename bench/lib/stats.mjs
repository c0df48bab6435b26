/** Latency summaries in milliseconds from a list of samples (ms). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

/** The p-th percentile (0–100) of a list of numbers; NaN for none. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (x, digits = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

// Every target checked in this run, for the summary run.mjs prints at the end.
const checked = [];

/** Whether `value` meets `goal` ({ op: '≤' | '≥', limit }): 'met', 'NOT met', or 'n/a' without a figure. */
function verdict(value, { op, limit }) {
  if (!Number.isFinite(value)) return 'n/a';
  return (op === '≤' ? value <= limit : value >= limit) ? 'met' : 'NOT met';
}

/**
 * Prints one result row beside its baseline with the ratio. With `goal` ({ op: '≤' | '≥', limit, on: 'ratio' |
 * 'value', label }), the row ends with the target and whether this run meets it (a figure, never an assert).
 */
export function row(name, value, unit, baselineName, baselineValue, goal) {
  const ratio = baselineValue ? value / baselineValue : NaN;
  let line = `${name.padEnd(44)} ${fmt(value).padStart(9)} ${unit.padEnd(6)} | ${baselineName.padEnd(36)} ${fmt(baselineValue).padStart(9)} ${unit.padEnd(6)} | ratio ${fmt(ratio).padStart(6)}`;
  let met;
  if (goal) {
    const on = goal.on ?? 'ratio';
    const measured = on === 'ratio' ? ratio : value;
    met = verdict(measured, goal);
    const wanted = on === 'ratio' ? `${goal.op}${fmt(goal.limit)}×` : `${goal.op}${fmt(goal.limit)} ${unit}`;
    line += ` | target ${wanted}: ${met}`;
    checked.push({ label: goal.label ?? name, measured: on === 'ratio' ? `${fmt(measured)}×` : `${fmt(measured)} ${unit}`, wanted, met });
  }
  console.log(line);
  return { name, value, unit, baseline: baselineName, baselineValue, ratio, met };
}

/** Prints a note under the rows (indented, no figures compared). */
export const note = (text) => console.log(`  ${text}`);

/** The targets checked in this run, one line each, and how many are met. */
export function printTargets(title) {
  if (!checked.length) return;
  console.log(`\n# ${title}`);
  for (const t of checked) console.log(`${t.label.padEnd(66)} ${t.measured.padStart(10)}  target ${t.wanted.padEnd(10)} ${t.met}`);
  const met = checked.filter((t) => t.met === 'met').length;
  console.log(`${met} of ${checked.length} targets met in this run`);
}
