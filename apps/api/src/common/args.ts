import { InvalidParameterValue } from '@ferrum/errors';
import { isUuidLike, isValidLogicalName, normalizeMac } from './idents';
import { pyStr } from '@ferrum/contracts';

/** The named arguments of one request: query string, plus the top-level body keys where Ironic merges them. */
export type Args = Record<string, unknown>;

/** Query values as the handler sees them: a repeated key gives its last value. */
export function fromQuery(query: unknown): Args {
  const args: Args = {};
  for (const [key, value] of Object.entries((query ?? {}) as Args)) {
    args[key] = Array.isArray(value) ? value[value.length - 1] : value;
  }
  return args;
}

/** For handlers without a declared body, the keys of a JSON object body join the query parameters (§1). */
export function mergeBody(query: unknown, body: unknown): Args {
  const args = fromQuery(query);
  if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(args, body);
  return args;
}

/** An argument the handler does not declare is a client error, never silently ignored. */
export function rejectUnexpected(args: Args, allowed: readonly string[]): void {
  const extra = Object.keys(args).filter((k) => !allowed.includes(k));
  if (extra.length) throw new InvalidParameterValue({ message: `Unexpected arguments: ${extra.join(', ')}` });
}

export function requireArg(args: Args, name: string): unknown {
  if (args[name] === undefined) throw new InvalidParameterValue({ message: `Missing mandatory parameter: ${name}` });
  return args[name];
}

const TRUE_STRINGS = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE_STRINGS = ['0', 'f', 'false', 'off', 'n', 'no'];
const ACCEPTABLE = [...TRUE_STRINGS, ...FALSE_STRINGS]
  .sort()
  .map((s) => `'${s}'`)
  .join(', ');

/** oslo's strict bool_from_string: JSON booleans, or one of the usual words in any case. */
export function toBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  const text = pyStr(value);
  const lowered = text.trim().toLowerCase();
  if (TRUE_STRINGS.includes(lowered)) return true;
  if (FALSE_STRINGS.includes(lowered)) return false;
  throw new InvalidParameterValue({
    message: `Invalid ${name}: Unrecognized value '${text}', acceptable values are: ${ACCEPTABLE}`,
  });
}

export function toInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return parseInt(value, 10);
  throw new InvalidParameterValue({ message: `Expected an integer for ${name}: ${pyStr(value)}` });
}

export function toStringArg(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidParameterValue({ message: `Expected string for ${name}: ${pyStr(value)}` });
  return value;
}

export function toUuid(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isUuidLike(value)) throw new InvalidParameterValue({ message: `Expected UUID for ${name}: ${pyStr(value)}` });
  return value as string;
}

/** A port or chassis identifier in the URL: checked by the handler's argument validation (a fault, not a router error). */
export function uuidInPath(name: string, value: string): string {
  return toUuid(name, value) ?? value;
}

export function toUuidOrName(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isUuidLike(value) && !isValidLogicalName(value)) {
    throw new InvalidParameterValue({ message: `Expected UUID or name for ${name}: ${pyStr(value)}` });
  }
  return value as string;
}

/** Comma-separated list: items lower-cased, de-duplicated in order, empty ones dropped (§1). */
export function toStringList(name: string, value: unknown): string[] | undefined {
  const text = toStringArg(name, value);
  if (text === undefined) return undefined;
  const items: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim().toLowerCase();
    if (item && !items.includes(item)) items.push(item);
  }
  return items;
}

export function toMac(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const mac = normalizeMac(value);
  if (!mac) throw new InvalidParameterValue({ message: `Expected valid MAC address for ${name}: ${pyStr(value)}` });
  return mac;
}
