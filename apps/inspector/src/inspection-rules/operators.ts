/**
 * Condition operators with the semantics of Ironic's plugins: values are compared as Python compares
 * them (no coercion between '4' and 4 unless force_strings, which loops switch on), regexes are Python's.
 */
import { pyStr } from '@ferrum/contracts';
import { conditionFailure, executionFailure, PyError } from './errors';
import { addressInNetwork, parseNetwork } from './ip-network';
import { compilePythonRegex, PyRegexError } from './python-regex';
import { pyCompare, pyEquals, pyIn, pyTruthy, pyTypeName, type Dict } from './python-values';
import type { OperatorName } from './signatures';

export type Operator = (args: Dict) => boolean;

/** eq, lt, gt: every neighbouring pair satisfies the relation; fewer than two values always do. */
function chained(name: string, relation: (a: unknown, b: unknown) => boolean): Operator {
  return ({ values, force_strings }) => {
    if (!Array.isArray(values)) {
      throw conditionFailure(
        `Failed to check condition: '${name}' on values: ${pyStr(values)}: Expected list for 'values', got: ${pyTypeName(values)}`,
      );
    }
    const list: unknown[] = pyTruthy(force_strings) ? values.map((v) => pyStr(v)) : values;
    return list.every((v, i) => i === 0 || relation(list[i - 1], v));
  };
}

function regex(pattern: unknown, sticky: boolean): RegExp {
  if (typeof pattern !== 'string') throw new PyError('TypeError', 'first argument must be string or compiled pattern');
  try {
    return compilePythonRegex(pattern, { sticky });
  } catch (err) {
    if (err instanceof PyRegexError) throw executionFailure(`invalid regular expression: ${err.message}`);
    throw err;
  }
}

export const OPERATORS: Record<OperatorName, Operator> = {
  eq: chained('eq', pyEquals),
  lt: chained('lt', (a, b) => pyCompare(a, b, '<')),
  gt: chained('gt', (a, b) => pyCompare(a, b, '>')),
  // A value counts as empty when Python prints it as nothing, None, [] or {}.
  'is-empty': ({ value }) => ['', 'None', '[]', '{}'].includes(pyStr(value)),
  'in-net': ({ address, subnet }) => {
    const network = parseNetwork(subnet);
    if (!network) throw executionFailure(`invalid value: invalid IPNetwork ${pyStr(subnet)}`);
    return addressInNetwork(address, network);
  },
  // Upstream appends '$' unless the pattern already ends with one and uses re.match (anchored at the start).
  // So it is a full match except for top-level alternatives ('a|b' matches 'abc'), as upstream.
  matches: ({ value, regex: pattern }) => {
    regex(pattern, true);
    const p = pattern as string;
    if (p.length === 0) throw new PyError('IndexError', 'string index out of range');
    return regex(p.endsWith('$') ? p : `${p}$`, true).test(pyStr(value));
  },
  contains: ({ value, regex: pattern }) => regex(pattern, false).test(pyStr(value)),
  'one-of': ({ value, values }) => pyIn(value, values),
  'is-none': ({ value }) => value === null || value === undefined,
  'is-true': ({ value }) => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'string') return ['yes', 'true'].includes(value.toLowerCase());
    return false;
  },
  'is-false': ({ value }) => {
    if (typeof value === 'boolean') return !value;
    if (typeof value === 'number') return value === 0;
    if (typeof value === 'string') return ['no', 'false'].includes(value.toLowerCase());
    return value === null || value === undefined;
  },
};
