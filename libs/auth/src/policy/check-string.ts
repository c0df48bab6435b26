/**
 * oslo.policy's check-string language, as Ironic's policy and operators' policy.yaml files use it:
 * `role:admin`, `project_id:%(node.owner)s`, `system_scope:all`, `rule:name`, `@` (always), `!` (never),
 * an empty string (always), `and` / `or` / `not` (binding tighter in that order reversed: not, and, or),
 * and parentheses.
 */
export type Check =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'rule'; name: string }
  | { kind: 'role'; match: string }
  | { kind: 'generic'; key: string; match: string }
  | { kind: 'not'; check: Check }
  | { kind: 'and'; checks: Check[] }
  | { kind: 'or'; checks: Check[] };

export class CheckStringError extends Error {}

/** Words, with parentheses written against a check peeled off its ends ("(role:a" → "(", "role:a"), as oslo does. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.startsWith('(')) {
      tokens.push('(');
      word = word.slice(1);
    }
    let closing = 0;
    while (word.endsWith(')')) {
      closing++;
      word = word.slice(0, -1);
    }
    if (word) tokens.push(word);
    for (let i = 0; i < closing; i++) tokens.push(')');
  }
  return tokens;
}

export function parseCheck(text: string): Check {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'true' };
  let at = 0;
  const peek = () => tokens[at];
  const fail = (why: string): never => {
    throw new CheckStringError(`${why} in ${JSON.stringify(text)}`);
  };

  const or = (): Check => {
    const checks = [and()];
    while (peek()?.toLowerCase() === 'or') {
      at++;
      checks.push(and());
    }
    return checks.length === 1 ? checks[0] : { kind: 'or', checks };
  };
  const and = (): Check => {
    const checks = [not()];
    while (peek()?.toLowerCase() === 'and') {
      at++;
      checks.push(not());
    }
    return checks.length === 1 ? checks[0] : { kind: 'and', checks };
  };
  const not = (): Check => {
    if (peek()?.toLowerCase() === 'not') {
      at++;
      return { kind: 'not', check: not() };
    }
    return atom();
  };
  const atom = (): Check => {
    const token = tokens[at++];
    if (token === undefined) return fail('unexpected end');
    if (token === '(') {
      const inner = or();
      if (tokens[at++] !== ')') fail('missing ")"');
      return inner;
    }
    if (token === ')' || ['and', 'or', 'not'].includes(token.toLowerCase())) return fail(`unexpected "${token}"`);
    if (token === '@') return { kind: 'true' };
    if (token === '!') return { kind: 'false' };
    const colon = token.indexOf(':');
    if (colon <= 0) return fail(`"${token}" is not a check (expected kind:value, @ or !)`);
    const key = token.slice(0, colon);
    const match = token.slice(colon + 1);
    if (key === 'rule') return { kind: 'rule', name: match };
    if (key === 'role') return { kind: 'role', match };
    return { kind: 'generic', key, match };
  };

  const check = or();
  if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
  return check;
}

/** Every rule a check refers to with `rule:`. */
export function referencedRules(check: Check): string[] {
  switch (check.kind) {
    case 'rule':
      return [check.name];
    case 'not':
      return referencedRules(check.check);
    case 'and':
    case 'or':
      return check.checks.flatMap(referencedRules);
    case 'true':
    case 'false':
    case 'role':
    case 'generic':
      return [];
  }
}

export type Values = Record<string, unknown>;

/** Python's str() of a credential or target value, which oslo.policy compares as text. */
function str(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** `%(key)s` substitutions from the target; undefined when a key is missing (the check then fails). */
function substitute(template: string, target: Values): string | undefined {
  let missing = false;
  const out = template.replace(/%\(([^)]+)\)s/g, (_m, key: string) => {
    if (!(key in target)) {
      missing = true;
      return '';
    }
    return str(target[key]);
  });
  return missing ? undefined : out;
}

const PYTHON_LITERAL = /^(True|False|None|-?\d+(\.\d+)?|'[^']*'|"[^"]*")$/;

export function evaluate(check: Check, target: Values, creds: Values, rule: (name: string) => boolean): boolean {
  switch (check.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'rule':
      return rule(check.name);
    case 'not':
      return !evaluate(check.check, target, creds, rule);
    case 'and':
      return check.checks.every((c) => evaluate(c, target, creds, rule));
    case 'or':
      return check.checks.some((c) => evaluate(c, target, creds, rule));
    case 'role': {
      const wanted = substitute(check.match, target);
      const roles = Array.isArray(creds.roles) ? (creds.roles as string[]) : [];
      return wanted !== undefined && roles.some((r) => r.toLowerCase() === wanted.toLowerCase());
    }
    case 'generic': {
      const match = substitute(check.match, target);
      if (match === undefined) return false;
      // A literal on the left ('True':%(x)s) is compared with the match itself.
      if (PYTHON_LITERAL.test(check.key)) return match === check.key.replace(/^['"]|['"]$/g, '');
      let value: unknown = creds;
      for (const part of check.key.split('.')) {
        if (value === null || typeof value !== 'object' || !(part in (value as Values))) return false;
        value = (value as Values)[part];
      }
      return Array.isArray(value) ? value.map(str).includes(match) : match === str(value);
    }
  }
}
