/**
 * Rules are written for Python's `re`, so `matches`/`contains` patterns use its syntax: leading inline
 * flags like `(?i)` (the documented way to ignore case), `(?P<name>…)`, `\A`, `\Z`, `$` also matching
 * before a final newline. Node's RegExp lacks those, so patterns are translated; what cannot be
 * translated is refused rather than silently matched differently.
 */

export class PyRegexError extends Error {}

const GLOBAL_FLAGS = /^\(\?([aiLmsux]+)\)/;
// Escapes Python knows outside a character class; any other ASCII letter is "bad escape".
const KNOWN_LETTER_ESCAPES = new Set([...'abBdDfnrsStvwWAZxuUN']);

/** Compiles a Python pattern; `sticky` anchors the match at the start of the string, like re.match. */
export function compilePythonRegex(pattern: string, opts: { sticky?: boolean } = {}): RegExp {
  let rest = pattern;
  const py = new Set<string>();
  for (let m = GLOBAL_FLAGS.exec(rest); m; m = GLOBAL_FLAGS.exec(rest)) {
    for (const f of m[1]) py.add(f);
    rest = rest.slice(m[0].length);
  }
  if (py.has('L')) throw new PyRegexError('bad inline flags: cannot use \'L\' flag with a str pattern');
  const verbose = py.has('x');
  const multiline = py.has('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') {
      const n = rest[i + 1];
      if (n === undefined) throw new PyRegexError('bad escape (end of pattern)');
      i++;
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else if (/[A-Za-z]/.test(n) && !KNOWN_LETTER_ESCAPES.has(n)) throw new PyRegexError(`bad escape \\${n}`);
      else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (verbose && /\s/.test(c)) continue;
    if (verbose && c === '#') {
      while (i < rest.length && rest[i] !== '\n') i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // Python takes a ']' right after '[' or '[^' as a literal; JS would read an empty class.
      if (rest[i + 1] === '^') out += rest[++i];
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const tail = rest.slice(i + 2);
      const named = /^P<([^>]*)>/.exec(tail);
      if (named) {
        out += `(?<${named[1]}>`;
        i += 1 + named[0].length;
        continue;
      }
      const backref = /^P=([^)]*)\)/.exec(tail);
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += 1 + backref[0].length;
        continue;
      }
      if (tail.startsWith('#')) {
        const close = rest.indexOf(')', i);
        if (close < 0) throw new PyRegexError('missing ), unterminated comment');
        i = close;
        continue;
      }
      const flags = /^[-aiLmsux]+[:)]/.exec(tail);
      if (flags) {
        throw new PyRegexError(
          flags[0].endsWith(')') ? 'global flags not at the start of the expression' : 'scoped inline flags are not supported',
        );
      }
    }
    // Without MULTILINE, Python's $ also matches just before a trailing newline.
    if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  let flags = '';
  if (py.has('i')) flags += 'i';
  if (multiline) flags += 'm';
  if (py.has('s')) flags += 's';
  if (opts.sticky) flags += 'y';
  try {
    return new RegExp(out, flags);
  } catch (err) {
    // "Invalid regular expression: /…/: Unterminated character class" → the reason only.
    const text = err instanceof Error ? err.message : String(err);
    throw new PyRegexError(text.slice(text.lastIndexOf(': ') + 2));
  }
}
