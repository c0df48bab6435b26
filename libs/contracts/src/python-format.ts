/**
 * Python's str(), repr() and pprint.pformat() of JSON values. Ironic builds its messages with `%s` and
 * jsonschema with repr and pformat, so `Unexpected arguments`, `Expected UUID for …` and schema errors read like upstream's.
 */
export function pyRepr(value: unknown): string {
  return repr(value, false);
}

export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python's len() of a str counts code points, not UTF-16 units; pprint's widths are in those. */
export const pyLen = (s: string): number => [...s].length;

/** Python orders str by code point; JS's default sort by UTF-16 unit differs past U+FFFF. */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** pprint's one-line form sorts dict keys; plain repr keeps the (JSON) insertion order. */
function repr(value: unknown, sortKeys: boolean): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return strRepr(value);
  if (typeof value === 'number') return numberRepr(value);
  if (Array.isArray(value)) return `[${value.map((v) => repr(v, sortKeys)).join(', ')}]`;
  if (isDict(value)) {
    const keys = sortKeys ? Object.keys(value).sort(byCodePoint) : Object.keys(value);
    return `{${keys.map((k) => `${strRepr(k)}: ${repr(value[k], sortKeys)}`).join(', ')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : typeof value;
}

/**
 * A JSON number without a fraction is a Python int; JS keeps those exact only up to 2^53, so a bigger one
 * is printed as the float it has become. A float's repr is its shortest digits, in exponent form
 * ("1.5e-07", "1e+300") below 1e-4 and from 1e16 on.
 */
function numberRepr(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return Number.isInteger(n) ? `${String(n)}.0` : String(n);
}

// Characters str.isprintable() refuses (Unicode "Other" and separators but the space): repr escapes them.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's str repr: single quotes unless the text has ' and no ", non-printables as \xhh, \uhhhh or \Uhhhhhhhh. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (SIMPLE_ESCAPES[ch]) out += SIMPLE_ESCAPES[ch];
    else if (ch === quote) out += `\\${quote}`;
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const hex = cp.toString(16);
      out += cp < 0x100 ? `\\x${hex.padStart(2, '0')}` : cp < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/**
 * Python's pprint.pformat(value, width=…) with its defaults (indent 1, sort_dicts, not compact): a value whose
 * one-line repr overflows is broken up, dict items and list items one a line, long strings cut at whitespace.
 */
export function pformat(value: unknown, width = 80): string {
  const out: string[] = [];
  format(value, { width, out }, 0, 0, 0);
  return out.join('');
}

interface Printer {
  width: number;
  out: string[];
}

function format(value: unknown, p: Printer, indent: number, allowance: number, level: number): void {
  const rep = repr(value, true);
  if (pyLen(rep) > p.width - indent - allowance) {
    if (isDict(value)) return formatDict(value, p, indent, allowance, level + 1);
    if (Array.isArray(value)) return formatList(value, p, indent, allowance, level + 1);
    if (typeof value === 'string') return formatStr(value, p, indent, allowance, level + 1);
  }
  p.out.push(rep);
}

function formatDict(dict: Record<string, unknown>, p: Printer, indent: number, allowance: number, level: number): void {
  const keys = Object.keys(dict).sort(byCodePoint);
  const inner = indent + 1;
  p.out.push('{');
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const keyRep = strRepr(key);
    p.out.push(keyRep, ': ');
    format(dict[key], p, inner + pyLen(keyRep) + 2, last ? allowance + 1 : 1, level);
    if (!last) p.out.push(`,\n${' '.repeat(inner)}`);
  });
  p.out.push('}');
}

function formatList(list: unknown[], p: Printer, indent: number, allowance: number, level: number): void {
  const inner = indent + 1;
  p.out.push('[');
  list.forEach((item, i) => {
    const last = i === list.length - 1;
    if (i > 0) p.out.push(`,\n${' '.repeat(inner)}`);
    format(item, p, inner, last ? allowance + 1 : 1, level);
  });
  p.out.push(']');
}

// str.splitlines(keepends=True) boundaries, and the whitespace of Python's \s (str.isspace).
const LINE = /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])?/gy;
const WORD = /[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/gy;

/** Splits like Python's re.findall / splitlines: consecutive matches to the end, without the final empty one. */
function pieces(s: string, re: RegExp): string[] {
  const found: string[] = [];
  re.lastIndex = 0;
  while (re.lastIndex < s.length) found.push(re.exec(s)![0]);
  return found;
}

/** A string too long for its place: one repr chunk per line, lines cut between words; parenthesized at the top level. */
function formatStr(s: string, p: Printer, indent: number, allowance: number, level: number): void {
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const chunks: string[] = [];
  const lines = pieces(s, LINE);
  const maxWidth = p.width - indent;
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1;
    if (pyLen(strRepr(line)) <= maxWidth - (lastLine ? allowance : 0)) return void chunks.push(strRepr(line));
    const parts = pieces(line, WORD);
    let current = '';
    parts.forEach((part, j) => {
      const limit = maxWidth - (lastLine && j === parts.length - 1 ? allowance : 0);
      const candidate = current + part;
      if (pyLen(strRepr(candidate)) > limit) {
        if (current) chunks.push(strRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(strRepr(current));
  });
  if (chunks.length === 1) return void p.out.push(chunks[0]);
  p.out.push(level === 1 ? '(' : '', chunks.join(`\n${' '.repeat(indent)}`), level === 1 ? ')' : '');
}
