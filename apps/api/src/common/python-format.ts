/**
 * Python's str() and repr() of JSON values. Ironic builds its messages with `%s` and jsonschema
 * with repr, so `Unexpected arguments`, `Expected UUID for …` and schema errors read like upstream's.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : typeof value;
}

export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}
