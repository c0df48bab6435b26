/**
 * The JSONPath subset introspection rules use in `field`: `$.a.b`, `a.b`, `a[0]`, `a[*].b`, `$['a']`.
 * Returns every match (an empty list when the path leads nowhere).
 */
export function jsonPath(root: unknown, path: string): unknown[] {
  const body = path.trim().replace(/^\$\.?/, '');
  const tokens: (string | number)[] = [];
  const re = /\[\s*(\d+|\*|'[^']*'|"[^"]*")\s*\]|([^.[\]]+)/g;
  for (const m of body.matchAll(re)) {
    if (m[2] !== undefined) tokens.push(m[2] === '*' ? '*' : m[2]);
    else if (m[1] === '*') tokens.push('*');
    else if (/^\d+$/.test(m[1])) tokens.push(Number(m[1]));
    else tokens.push(m[1].slice(1, -1));
  }
  let current: unknown[] = [root];
  for (const token of tokens) {
    const nextValues: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      if (token === '*') nextValues.push(...(Array.isArray(value) ? (value as unknown[]) : (Object.values(value) as unknown[])));
      else if (typeof token === 'number') {
        if (Array.isArray(value) && token < value.length) nextValues.push(value[token]);
      } else if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, token)) {
        nextValues.push((value as Record<string, unknown>)[token]);
      }
    }
    current = nextValues;
  }
  return current;
}
