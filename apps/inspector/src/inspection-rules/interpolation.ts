/**
 * Ironic interpolates rule arguments with Python's str.format(): `{node.driver}`, `{node.properties[cpus]}`,
 * `{inventory[cpu][count]}`, `{plugin_data[x]}`, `{item[path]}`. This reproduces that mini-language (field
 * names, `.attr`, `[key]`, `!r`/`!s`, `{{`/`}}`) and Ironic's safe_format around it: a field that cannot be
 * resolved leaves the whole string unformatted, except that a missing key gives None for `is-empty`.
 */
import { pyRepr, pyStr } from '@ferrum/contracts';
import { PyError } from './errors';
import { isDict, pyTypeName, type Dict } from './python-values';
import type { LogLevel } from './types';

/** Keys Ironic hides (as '***') from rules reading the inventory and plugin data (engine.SENSITIVE_FIELDS). */
export const SENSITIVE_FIELDS: readonly string[] = ['password', 'auth_token', 'bmc_password'];
const MASK = '***';

export interface FormatContext {
  /** The node's fields as the rule sees them now (earlier actions included); `traits` is a list of names. */
  node: Dict;
  inventory: Dict;
  plugin_data: Dict;
  /** Whether secrets in the inventory and plugin data read as '***'. */
  mask: boolean;
  /** The loop item, when the condition or action loops (Ironic's loop_context). */
  loop?: { item: unknown };
}

/** A value reached while resolving a field, with where it came from (masking and node access depend on it). */
interface Found {
  value: unknown;
  masked: boolean;
  isNode: boolean;
}

/** Replaces secrets at any depth, as ShallowMaskDict's views do when printed. */
export function maskSecretsDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskSecretsDeep);
  if (isDict(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SENSITIVE_FIELDS.includes(k) ? MASK : maskSecretsDeep(x)]));
  }
  return v;
}

const valueError = (msg: string) => new PyError('ValueError', msg);

/** Python's `template.format(**context)`; throws the PyError Python would raise. */
export function pyFormat(template: string, ctx: FormatContext): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // The field ends at the matching '}' (a format spec may nest braces).
      let depth = 1;
      let j = i + 1;
      for (; j < template.length; j++) {
        if (template[j] === '{') depth++;
        else if (template[j] === '}' && --depth === 0) break;
      }
      if (j >= template.length) throw valueError("expected '}' before end of string");
      out += renderField(template.slice(i + 1, j), ctx);
      i = j + 1;
    } else if (c === '}') {
      if (template[i + 1] !== '}') throw valueError("Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function renderField(field: string, ctx: FormatContext): string {
  // The field name ends at '!' or ':' outside brackets.
  let end = 0;
  let inBracket = false;
  for (; end < field.length; end++) {
    const ch = field[end];
    if (ch === '[') inBracket = true;
    else if (ch === ']') inBracket = false;
    else if (!inBracket && (ch === '!' || ch === ':')) break;
  }
  const name = field.slice(0, end);
  let rest = field.slice(end);
  let conversion: string | undefined;
  if (rest.startsWith('!')) {
    conversion = rest[1];
    if (conversion === undefined) throw valueError('end of string while looking for conversion specifier');
    rest = rest.slice(2);
    if (rest !== '' && !rest.startsWith(':')) throw valueError("expected ':' after conversion specifier");
  }
  const spec = rest.startsWith(':') ? rest.slice(1) : '';
  if (name.includes('{')) throw valueError("unexpected '{' in field name");
  const found = resolve(name, ctx);
  const shown = found.isNode ? found.value : found.masked ? maskSecretsDeep(found.value) : found.value;
  let text: string;
  switch (conversion) {
    case undefined:
    case 's':
      text = pyStr(shown);
      break;
    case 'r':
    case 'a':
      text = pyRepr(shown);
      break;
    default:
      throw valueError(`Unknown conversion specifier ${conversion}`);
  }
  // Python's format-spec mini-language is not reproduced: such a field leaves the string as written.
  if (spec !== '') throw valueError(`Unsupported format specifier '${spec}'`);
  return text;
}

function resolve(name: string, ctx: FormatContext): Found {
  const m = /^[^.[]*/.exec(name)!;
  const arg = m[0];
  let pos = arg.length;
  let found = lookupArg(arg, ctx);
  while (pos < name.length) {
    if (name[pos] === '.') {
      const attr = /^[^.[]*/.exec(name.slice(pos + 1))![0];
      if (attr === '') throw valueError('Empty attribute in format string');
      found = getAttr(found, attr);
      pos += 1 + attr.length;
    } else {
      const close = name.indexOf(']', pos);
      if (close < 0) throw valueError("Missing ']' in format string");
      const raw = name.slice(pos + 1, close);
      if (raw === '') throw valueError('Empty attribute in format string');
      found = getItem(found, /^\d+$/.test(raw) ? Number(raw) : raw);
      pos = close + 1;
      if (pos < name.length && name[pos] !== '.' && name[pos] !== '[') {
        throw valueError("Only '.' or '[' may follow ']' in format field specifier");
      }
    }
  }
  return found;
}

function lookupArg(arg: string, ctx: FormatContext): Found {
  // '{}' and '{0}' are positional: format() gets none, so they fail like any unresolved field.
  if (arg === '' || /^\d+$/.test(arg)) {
    throw new PyError('IndexError', `Replacement index ${arg || '0'} out of range for positional args tuple`);
  }
  switch (arg) {
    case 'node':
      return { value: ctx.node, masked: false, isNode: true };
    case 'inventory':
      return { value: ctx.inventory, masked: ctx.mask, isNode: false };
    case 'plugin_data':
      return { value: ctx.plugin_data, masked: ctx.mask, isNode: false };
    case 'item':
      if (ctx.loop) return { value: ctx.loop.item, masked: false, isNode: false };
  }
  throw new PyError('KeyError', pyRepr(arg));
}

/** Only the node is an object with attributes; everything else is JSON data, whose attributes are not exposed. */
function getAttr(found: Found, attr: string): Found {
  if (found.isNode) {
    const node = found.value as Dict;
    if (!Object.hasOwn(node, attr)) throw new PyError('AttributeError', `'Node' object has no attribute '${attr}'`);
    return { value: node[attr], masked: false, isNode: false };
  }
  throw new PyError('AttributeError', `'${pyTypeName(found.value)}' object has no attribute '${attr}'`);
}

function getItem(found: Found, key: string | number): Found {
  const v = found.value;
  if (found.isNode) {
    // Ironic's Node is dict-compatible: node[field] is node.field.
    if (typeof key === 'number') throw new PyError('TypeError', "attribute name must be string, not 'int'");
    return getAttr(found, key);
  }
  if (isDict(v)) {
    // JSON keys are strings: a numeric index never finds one, as in Python where 0 != '0'.
    if (typeof key === 'number' || !Object.hasOwn(v, key)) throw new PyError('KeyError', pyRepr(key));
    if (found.masked && SENSITIVE_FIELDS.includes(key)) return { value: MASK, masked: false, isNode: false };
    return { value: v[key], masked: found.masked, isNode: false };
  }
  if (Array.isArray(v)) {
    if (typeof key !== 'number') throw new PyError('TypeError', 'list indices must be integers or slices, not str');
    if (key >= v.length) throw new PyError('IndexError', 'list index out of range');
    return { value: v[key] as unknown, masked: found.masked, isNode: false };
  }
  if (typeof v === 'string') {
    if (typeof key !== 'number') throw new PyError('TypeError', "string indices must be integers, not 'str'");
    const chars = [...v];
    if (key >= chars.length) throw new PyError('IndexError', 'string index out of range');
    return { value: chars[key], masked: false, isNode: false };
  }
  throw new PyError('TypeError', `'${pyTypeName(v)}' object is not subscriptable`);
}

export type Logger = (level: LogLevel, msg: string) => void;

/**
 * Ironic's safe_format: the formatted string, or the string as written when a field fails (with a warning),
 * or None when a key is missing and the operator is `is-empty` (a missing field counts as empty).
 */
export function safeFormat(value: unknown, ctx: FormatContext, op: string | undefined, log: Logger): unknown {
  if (typeof value !== 'string') return value;
  try {
    return pyFormat(value, ctx);
  } catch (err) {
    if (!(err instanceof PyError)) throw err;
    if (err.pyType === 'KeyError' && op === 'is-empty') {
      log('debug', `Interpolation failed (missing field) for 'is-empty': ${value}, returning None`);
      return null;
    }
    log('warning', `Interpolation failed: ${value}: ${err.pyType}, ${err.message}`);
    return value;
  }
}

/**
 * Ironic's interpolate_variables: strings are formatted, dicts (keys and values) and lists recursively.
 * Inside a loop a string is formatted twice, so an item may itself hold `{inventory[...]}`; list items
 * that are strings are formatted once, as upstream does.
 */
export function interpolate(value: unknown, ctx: FormatContext, op: string | undefined, log: Logger): unknown {
  let v = value;
  if (ctx.loop) v = safeFormat(v, ctx, op, log);
  if (typeof v === 'string') return safeFormat(v, ctx, op, log);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? safeFormat(x, ctx, op, log) : interpolate(x, ctx, op, log)));
  if (isDict(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [pyStr(safeFormat(k, ctx, op, log)), interpolate(x, ctx, op, log)]));
  }
  return v;
}
