import { Invalid } from '@ferrum/errors';
import { isIP } from 'node:net';

export const CONDITION_OPS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'in-net', 'matches', 'contains', 'is-empty'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** The field coerced to the type of a numeric `value` (ironic-inspector's SimpleCondition). */
function coerce(field: unknown, value: unknown): [unknown, unknown] {
  if (typeof value === 'number' && field !== null && field !== undefined && field !== '') {
    const n = Number(field);
    if (!Number.isNaN(n)) return [Number.isInteger(value) ? Math.trunc(n) : n, value];
  }
  return [field, value];
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inNet(field: unknown, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/');
  if (typeof field !== 'string' || isIP(field) !== 4 || isIP(net) !== 4) return false;
  const bits = Number(bitsText ?? 32);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToInt(field) & mask) >>> 0) === ((ipv4ToInt(net) & mask) >>> 0);
}

/** One condition check on one field value. */
export function checkCondition(op: ConditionOp, field: unknown, value: unknown): boolean {
  switch (op) {
    case 'is-empty':
      return (
        field === null ||
        field === undefined ||
        field === '' ||
        (Array.isArray(field) && field.length === 0) ||
        (typeof field === 'object' && !Array.isArray(field) && Object.keys(field).length === 0)
      );
    case 'in-net':
      return inNet(field, String(value));
    case 'matches':
      return new RegExp(`^(?:${String(value)})$`).test(String(field));
    case 'contains':
      return new RegExp(String(value)).test(String(field));
    case 'eq':
    case 'ne':
    case 'lt':
    case 'gt':
    case 'le':
    case 'ge': {
      const [a, b] = coerce(field, value) as [number | string, number | string];
      if (op === 'eq') return a === b;
      if (op === 'ne') return a !== b;
      if (op === 'lt') return a < b;
      if (op === 'gt') return a > b;
      if (op === 'le') return a <= b;
      return a >= b;
    }
    default: {
      const unreachable: never = op;
      throw new Invalid({ message: `Unknown condition ${String(unreachable)}` });
    }
  }
}

/** Checks a condition's parameters at rule creation. @throws Invalid */
export function validateCondition(c: Record<string, unknown>): void {
  const op = c.op;
  if (typeof op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(op)) {
    throw new Invalid({ message: `Invalid condition operator: ${String(op)}; valid: ${CONDITION_OPS.join(', ')}` });
  }
  if (typeof c.field !== 'string' || !c.field) throw new Invalid({ message: 'Condition requires a string "field"' });
  const scheme = /^([a-z]+):\/\//.exec(c.field)?.[1];
  if (scheme && scheme !== 'data' && scheme !== 'node') throw new Invalid({ message: `Unsupported scheme for field: ${scheme}, valid are data:// or node://` });
  if (op !== 'is-empty' && !('value' in c)) throw new Invalid({ message: `Condition ${op} requires parameter "value"` });
  if (c.multiple !== undefined && (typeof c.multiple !== 'string' || !['any', 'all', 'first'].includes(c.multiple))) {
    throw new Invalid({ message: `Value for "multiple" must be any, all or first, got ${JSON.stringify(c.multiple)}` });
  }
  if (c.invert !== undefined && typeof c.invert !== 'boolean') throw new Invalid({ message: '"invert" must be a boolean' });
  const known = new Set(['op', 'field', 'value', 'multiple', 'invert']);
  const extra = Object.keys(c).filter((k) => !known.has(k));
  if (extra.length) throw new Invalid({ message: `Unexpected parameters for condition ${op}: ${extra.join(', ')}` });
  if (op === 'matches' || op === 'contains') {
    try {
      new RegExp(String(c.value));
    } catch {
      throw new Invalid({ message: `Invalid regular expression: ${String(c.value)}` });
    }
  }
  if (op === 'in-net') {
    const [net, bits] = String(c.value).split('/');
    if (isIP(net) !== 4 || (bits !== undefined && !(Number(bits) >= 0 && Number(bits) <= 32))) {
      throw new Invalid({ message: `Invalid network: ${String(c.value)}` });
    }
  }
}
