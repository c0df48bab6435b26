/**
 * The formal arguments of each operator and action. Ironic reads them from the Python signatures of
 * its plugins (required = no default); `formatted` lists the arguments interpolated outside loops
 * (FORMATTED_ARGS); inside a loop every argument is.
 */
import { PyError } from './errors';
import { isDict, type Dict } from './python-values';

export interface Signature {
  required: readonly string[];
  /** Optional arguments with the defaults Python would use. */
  optional: Readonly<Record<string, unknown>>;
  formatted: readonly string[];
  /** set-/extend-/unset-plugin-data get the plugin data as a hidden argument, which callers may not set. */
  pluginData?: boolean;
}

// Ordered as Ironic's OPERATORS and ACTIONS, which is also the order its schema errors list them in.
export const OPERATOR_NAMES = ['eq', 'lt', 'gt', 'is-empty', 'in-net', 'matches', 'contains', 'one-of', 'is-none', 'is-true', 'is-false'] as const;
export type OperatorName = (typeof OPERATOR_NAMES)[number];

export const ACTION_NAMES = [
  'fail', 'log', 'set-attribute', 'extend-attribute', 'del-attribute', 'set-capability', 'unset-capability', 'add-trait',
  'remove-trait', 'set-plugin-data', 'extend-plugin-data', 'unset-plugin-data', 'set-port-attribute',
  'extend-port-attribute', 'del-port-attribute', 'api-call',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

const compare: Signature = { required: ['values'], optional: { force_strings: false }, formatted: ['values'] };
const oneValue: Signature = { required: ['value'], optional: {}, formatted: ['value'] };
const regex: Signature = { required: ['value', 'regex'], optional: {}, formatted: ['value'] };

export const OPERATOR_SIGNATURES: Record<OperatorName, Signature> = {
  eq: compare,
  lt: compare,
  gt: compare,
  'is-empty': oneValue,
  'in-net': { required: ['address', 'subnet'], optional: {}, formatted: ['address', 'subnet'] },
  matches: regex,
  contains: regex,
  'one-of': { required: ['value'], optional: { values: [] }, formatted: ['value'] },
  'is-none': oneValue,
  'is-true': oneValue,
  'is-false': oneValue,
};

const setValue = (required: string[]): Signature => ({ required, optional: {}, formatted: ['value'] });
const extendValue = (required: string[]): Signature => ({ required, optional: { unique: false }, formatted: ['value'] });
const plain = (required: string[]): Signature => ({ required, optional: {}, formatted: [] });

export const ACTION_SIGNATURES: Record<ActionName, Signature> = {
  // fail's message is not in FORMATTED_ARGS upstream: it is only interpolated inside a loop.
  fail: plain(['msg']),
  log: { required: ['msg'], optional: { level: 'info' }, formatted: ['msg'] },
  'set-attribute': setValue(['path', 'value']),
  'extend-attribute': extendValue(['path', 'value']),
  'del-attribute': plain(['path']),
  'set-capability': setValue(['name', 'value']),
  'unset-capability': plain(['name']),
  'add-trait': plain(['name']),
  'remove-trait': plain(['name']),
  'set-plugin-data': { ...setValue(['path', 'value']), pluginData: true },
  'extend-plugin-data': { ...extendValue(['path', 'value']), pluginData: true },
  'unset-plugin-data': { ...plain(['path']), pluginData: true },
  'set-port-attribute': setValue(['port_id', 'path', 'value']),
  'extend-port-attribute': extendValue(['port_id', 'path', 'value']),
  'del-port-attribute': plain(['port_id', 'path']),
  'api-call': {
    required: ['url'],
    optional: { headers: null, proxies: null, timeout: 5, retries: 3, backoff_factor: 0.3 },
    formatted: ['url'],
  },
};

/** Raised for arguments that do not fit a signature; the message is Ironic's. */
export class ArgsError extends Error {}

/**
 * Positional arguments become named ones, in signature order (Ironic's _normalize_list_args); surplus
 * items are dropped as upstream's zip() drops them. The hidden plugin-data argument is never positional here.
 */
export function namedArgs(sig: Signature, args: unknown): Dict {
  if (!Array.isArray(args)) {
    if (!isDict(args)) throw new ArgsError('args must be either a list or dictionary');
    const named = { ...args };
    if (sig.pluginData) delete named.plugin_data;
    return named;
  }
  if (args.length < sig.required.length) {
    throw new ArgsError(`Not enough arguments provided. Missing: ${sig.required.slice(args.length).join(', ')}`);
  }
  const names = [...sig.required, ...Object.keys(sig.optional)];
  return Object.fromEntries(args.slice(0, names.length).map((v, i) => [names[i], v as unknown]));
}

/** Ironic's Base.validate: required arguments present, no unknown ones. */
export function checkArgs(sig: Signature, args: unknown): void {
  const named = namedArgs(sig, args);
  const missing = sig.required.filter((name) => !Object.hasOwn(named, name));
  const unexpected = Object.keys(named).filter((name) => !sig.required.includes(name) && !Object.hasOwn(sig.optional, name));
  const problems: string[] = [];
  if (missing.length) problems.push(`missing required argument(s): ${missing.join(', ')}`);
  if (unexpected.length) problems.push(`unexpected argument(s): ${unexpected.join(', ')}`);
  if (problems.length) throw new ArgsError(problems.join('; '));
}

/** The call Python would make, with its TypeError when a stored rule's arguments do not fit (they are validated first). */
export function bindArgs(sig: Signature, named: Dict): Dict {
  const missing = sig.required.filter((name) => !Object.hasOwn(named, name));
  if (missing.length) {
    throw new PyError('TypeError', `__call__() missing ${missing.length} required argument(s): ${missing.map((m) => `'${m}'`).join(', ')}`);
  }
  const unexpected = Object.keys(named).find((name) => !sig.required.includes(name) && !Object.hasOwn(sig.optional, name));
  if (unexpected) throw new PyError('TypeError', `__call__() got an unexpected keyword argument '${unexpected}'`);
  return { ...sig.optional, ...named };
}
