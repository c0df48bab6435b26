/**
 * PostgreSQL cannot store the NUL character (U+0000) in text or jsonb: a string holding one would fail
 * in the database, as a 500. Every HTTP edge refuses it first, naming where it was.
 */
export function nulPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'the value' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key holding NUL is not echoed: the message names only where it is.
      if (key.includes('\u0000')) return path ? `a key of ${path}` : 'a key';
      const at = path ? `${path}.${key}` : key;
      const found = nulPath(item, at);
      if (found) return found;
    }
  }
  return undefined;
}

export function nulRefusal(where: string): string {
  return `Invalid input for ${where}: the NUL character (\\u0000) is not allowed.`;
}
