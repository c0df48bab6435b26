/**
 * What must differ between two servers, folded away before comparison: identities (uuids become the
 * name the scenario gave them), hosts in links, conductor names, tokens, request ids, and timestamps
 * (reduced to their format class, so a zone-less or differently precise timestamp still shows).
 */
export interface Side {
  /** `http://127.0.0.1:PORT` of this server. */
  baseUrl: string;
  /** The conductor hostname(s) this server reports. */
  conductors: string[];
  /** Scenario variables: name → value (uuids and the like) captured from this server's answers. */
  vars: Map<string, string>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?$/;

/** A timestamp's shape: digits become 9, so "2026-12-05T12:00:00.123456+00:00" → "9999-99-99T99:99:99.999999+00:00". */
export function timestampClass(value: string): string {
  return `<timestamp ${value.replace(/\d/g, '9').replace(/([+-])99:99$/, (_, sign) => `${sign}${value.slice(-5)}`)}>`;
}

export function normalizeString(value: string, side: Side): string {
  if (TIMESTAMP.test(value)) return timestampClass(value);
  let out = value.split(side.baseUrl).join('<host>');
  // Longer values first, so that a variable holding another's prefix cannot half-replace it.
  const vars = [...side.vars.entries()].filter(([, v]) => v.length >= 4).sort((a, b) => b[1].length - a[1].length);
  for (const [name, v] of vars) out = out.split(v).join(`<${name}>`);
  for (const host of side.conductors) if (out === host) out = '<conductor>';
  out = out.replace(/^req-[0-9a-f-]{36}$/, '<request-id>');
  // Some of Ironic's database errors name a node by its internal id, which two databases assign differently.
  out = out.replace(/\bfor node \d+\b/g, 'for node <internal id>');
  return out.replace(UUID, '<uuid>');
}

/** Keys whose value is a set (Ironic builds them from a Python set, so their order is arbitrary). */
const SET_KEYS = /^enabled_\w+_interfaces$|^hosts$|^traits$/;

export function normalize(value: unknown, side: Side, key = ''): unknown {
  if (typeof value === 'string') return normalizeString(value, side);
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v, side));
    return SET_KEYS.test(key) ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const nk = normalizeString(k, side);
      out[nk] = normalize(v, side, k);
    }
    return out;
  }
  return value;
}

/**
 * Ironic's error body is JSON inside JSON ({"error_message": "<json string>"}): unwrapped so that a
 * difference shows field by field. A body that is not of that shape is left as it is.
 */
export function unwrapError(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as any).error_message === 'string') {
    try {
      return { error_message: { '<json>': JSON.parse((body as any).error_message) } };
    } catch {
      return body;
    }
  }
  return body;
}
