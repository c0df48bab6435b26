import { IronicRuleError, PyError } from './errors';
import { OPERATORS } from './operators';

describe('condition operators (Ironic semantics)', () => {
  describe('eq / lt / gt', () => {
    it.each([
      ['eq', [5, 5], true],
      ['eq', [5, 10], false],
      ['eq', [5, 5, 5], true],
      ['eq', [1, true], true], // Python: True == 1
      ['eq', [4, 4.0], true],
      ['eq', ['4', 4], false], // no coercion between str and int
      ['eq', [{ a: [1] }, { a: [1] }], true],
      ['eq', [null, null], true],
      ['eq', [5], true], // fewer than two values always hold
      ['lt', [5, 10], true],
      ['lt', [10, 5], false],
      ['lt', [1, 2, 3], true],
      ['lt', [1, 3, 2], false],
      ['lt', ['10', '9'], true], // strings compare as strings
      ['lt', [[1, 2], [1, 3]], true],
      ['gt', [10, 5], true],
      ['gt', [5, 10], false],
      ['gt', [5, 5], false],
    ] as const)('%s %j → %s', (op, values, expected) => {
      expect(OPERATORS[op]({ values: [...values], force_strings: false })).toBe(expected);
    });

    it('compares as strings with force_strings', () => {
      expect(OPERATORS.eq({ values: ['4', 4], force_strings: true })).toBe(true);
      expect(OPERATORS.lt({ values: [10, 9], force_strings: true })).toBe(true);
    });

    it('raises TypeError when Python cannot order the values', () => {
      expect(() => OPERATORS.lt({ values: ['4', 8] })).toThrow(
        new PyError('TypeError', "'<' not supported between instances of 'str' and 'int'"),
      );
      expect(() => OPERATORS.gt({ values: [null, 1] })).toThrow("'>' not supported between instances of 'NoneType' and 'int'");
    });

    it('refuses values that are not a list, as RuleConditionCheckFailure', () => {
      expect(() => OPERATORS.eq({ values: 'not-a-list' })).toThrow(
        "Inspection rule condition check failed. Reason: Failed to check condition: 'eq' on values: not-a-list: " +
          "Expected list for 'values', got: str",
      );
    });
  });

  it.each([
    ['', true],
    [null, true],
    [[], true],
    [{}, true],
    ['None', true], // str(value) is what is tested
    ['x', false],
    [0, false],
    [[0], false],
  ])('is-empty %j → %s', (value, expected) => {
    expect(OPERATORS['is-empty']({ value })).toBe(expected);
  });

  describe('in-net', () => {
    it.each([
      ['192.168.1.5', '192.168.1.0/24', true],
      ['10.0.0.1', '192.168.1.0/24', false],
      ['192.168.1.200', '192.168.1.5/24', true], // host bits in the subnet are ignored
      ['192.168.1.5', '192.168.1.5', true], // a bare address is a /32
      ['192.168.1.5', '192.168.1.0/255.255.255.0', true], // netmask form
      ['2001:db8::5', '2001:db8::/32', true],
      ['2001:db9::5', '2001:db8::/32', false],
      ['10.0.0.1', '::/0', false], // another IP version is never inside
      ['::ffff:10.0.0.1', '10.0.0.0/8', false],
    ])('%s in %s → %s', (address, subnet, expected) => {
      expect(OPERATORS['in-net']({ address, subnet })).toBe(expected);
    });

    it('fails on an invalid subnet with the text of InspectionRuleExecutionFailure', () => {
      expect(() => OPERATORS['in-net']({ address: '192.168.1.1', subnet: 'invalid-subnet' })).toThrow(
        new IronicRuleError('invalid value: invalid IPNetwork invalid-subnet', 'execution'),
      );
      expect(() => OPERATORS['in-net']({ address: '1.1.1.1', subnet: '10.0.0.0/33' })).toThrow('invalid IPNetwork 10.0.0.0/33');
    });

    it('raises a plain error for an invalid address', () => {
      expect(() => OPERATORS['in-net']({ address: 'nope', subnet: '10.0.0.0/8' })).toThrow(PyError);
    });
  });

  describe('matches / contains', () => {
    it.each([
      ['abc123', 'abc\\d+', true],
      ['xyz123', 'abc\\d+', false],
      ['abc123x', 'abc\\d+', false], // full match: '$' is appended
      ['xabc123', 'abc\\d+', false], // anchored at the start (re.match)
      ['Dell Inc.', '(?i)dell.*', true], // Python's leading inline flags
      ['abc', 'a|b', true], // upstream's '$' binds to the last alternative only
      ['line\n', 'line', true], // Python's $ also matches before a final newline
    ])('matches(%j, %j) → %s', (value, regex, expected) => {
      expect(OPERATORS.matches({ value, regex })).toBe(expected);
    });

    it.each([
      ['test-abc123-end', 'abc\\d+', true],
      ['test-xyz-end', 'abc\\d+', false],
      ['PowerEdge R640', '(?i)poweredge', true],
      [4096, '^40', true], // str() of the value is searched
    ])('contains(%j, %j) → %s', (value, regex, expected) => {
      expect(OPERATORS.contains({ value, regex })).toBe(expected);
    });

    it('fails on an invalid regular expression', () => {
      expect(() => OPERATORS.matches({ value: 'test', regex: '[unclosed' })).toThrow(/^invalid regular expression: /);
      expect(() => OPERATORS.contains({ value: 'test', regex: '[unclosed' })).toThrow(IronicRuleError);
      expect(() => OPERATORS.contains({ value: 'test', regex: '\\q' })).toThrow('invalid regular expression: bad escape \\q');
    });
  });

  it.each([
    ['b', ['a', 'b', 'c'], true],
    ['z', ['a', 'b', 'c'], false],
    ['test', [], false],
    [null, ['a', 'b'], false],
    [1, [true], true],
    ['ell', 'hello', true], // `in` on a string is a substring test
  ])('one-of(%j, %j) → %s', (value, values, expected) => {
    expect(OPERATORS['one-of']({ value, values })).toBe(expected);
  });

  it.each([
    [null, true],
    ['something', false],
    ['None', false],
  ])('is-none(%j) → %s', (value, expected) => {
    expect(OPERATORS['is-none']({ value })).toBe(expected);
  });

  it.each([
    [true, true, false],
    [false, false, true],
    ['yes', true, false],
    ['TRUE', true, false],
    ['no', false, true],
    ['FALSE', false, true],
    ['maybe', false, false],
    [1, true, false],
    [0.1, true, false],
    [0, false, true],
    [null, false, true],
    [{}, false, false],
    [[], false, false],
  ])('is-true / is-false of %j → %s / %s', (value, isTrue, isFalse) => {
    expect(OPERATORS['is-true']({ value })).toBe(isTrue);
    expect(OPERATORS['is-false']({ value })).toBe(isFalse);
  });
});
