/** One difference between the reference (Ironic) and Ferrum at a JSON path. */
export interface Difference {
  path: string;
  ironic: unknown;
  ferrum: unknown;
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Recursive comparison: key sets, JSON types and values. `ignoreValues` lists paths (exact, or with `*`
 * for one segment) whose value may differ as long as the JSON type is the same.
 */
export function compare(ironic: unknown, ferrum: unknown, ignoreValues: string[] = [], path = ''): Difference[] {
  const ignored = ignoreValues.some((p) => matches(p, path));
  if (typeOf(ironic) !== typeOf(ferrum)) return [{ path: path || '/', ironic, ferrum }];
  if (Array.isArray(ironic) && Array.isArray(ferrum)) {
    if (ignored) return [];
    if (ironic.length !== ferrum.length) return [{ path: `${path}/length`, ironic: ironic.length, ferrum: ferrum.length }];
    return ironic.flatMap((v, i) => compare(v, ferrum[i], ignoreValues, `${path}/${i}`));
  }
  if (ironic && typeof ironic === 'object') {
    const a = ironic as Record<string, unknown>;
    const b = ferrum as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => {
      const p = `${path}/${k}`;
      if (!(k in a)) return [{ path: p, ironic: '<absent>', ferrum: b[k] }];
      if (!(k in b)) return [{ path: p, ironic: a[k], ferrum: '<absent>' }];
      return compare(a[k], b[k], ignoreValues, p);
    });
  }
  if (ignored || ironic === ferrum) return [];
  return [{ path: path || '/', ironic, ferrum }];
}

function matches(pattern: string, path: string): boolean {
  const p = pattern.split('/');
  const q = path.split('/');
  if (p[p.length - 1] === '**') return q.length >= p.length - 1 && p.slice(0, -1).every((s, i) => s === '*' || s === q[i]);
  return p.length === q.length && p.every((s, i) => s === '*' || s === q[i]);
}

export function describe(d: Difference): string {
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'undefined');
  return `${d.path}: ironic ${show(d.ironic)} · ferrum ${show(d.ferrum)}`;
}
