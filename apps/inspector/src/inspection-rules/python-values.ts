/**
 * Python's semantics for JSON values, which Ironic's operators and actions get for free and we must
 * spell out: `==` between int and bool, ordering that refuses to mix str and int, `in`, truthiness.
 */
import { byCodePoint } from '@ferrum/contracts';
import { PyError } from './errors';

export type Dict = Record<string, unknown>;

export const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** type(value).__name__ for a JSON value. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

const numeric = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

/** Python's ==: True == 1, 1 == 1.0, but '1' != 1; lists and dicts compare deeply. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (numeric(a)) return numeric(b) && Number(a) === Number(b);
  if (typeof a === 'string') return typeof b === 'string' && a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Python's `a < b` or `a > b`, including its TypeError for values it cannot order (str vs int, dicts, None). */
export function pyCompare(a: unknown, b: unknown, op: '<' | '>'): boolean {
  const less = (x: number) => (op === '<' ? x < 0 : x > 0);
  if (numeric(a) && numeric(b)) return less(Number(a) - Number(b));
  if (typeof a === 'string' && typeof b === 'string') return less(byCodePoint(a, b));
  if (Array.isArray(a) && Array.isArray(b)) {
    // Lists order by their first differing item, then by length.
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return less(a.length - b.length);
  }
  throw new PyError('TypeError', `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Python's `value in container`: membership in a list, substring of a str, key of a dict. */
export function pyIn(value: unknown, container: unknown): boolean {
  if (Array.isArray(container)) return container.some((item) => pyEquals(value, item));
  if (typeof container === 'string') {
    if (typeof value !== 'string') {
      throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${pyTypeName(value)}`);
    }
    return container.includes(value);
  }
  if (isDict(container)) {
    if (Array.isArray(value) || isDict(value)) throw new PyError('TypeError', `unhashable type: '${pyTypeName(value)}'`);
    // JSON keys are always strings, so a number or None is never a key.
    return typeof value === 'string' && Object.hasOwn(container, value);
  }
  throw new PyError('TypeError', `argument of type '${pyTypeName(container)}' is not iterable`);
}

/** Python's bool(value). */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Exact equality of JSON data (no Python coercion: 1 and true differ), whatever realm the objects come from. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy of JSON data, so that rules never touch the caller's objects. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}
