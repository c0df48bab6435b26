import { compilePythonRegex, PyRegexError } from './python-regex';

describe('Python regular expressions', () => {
  it.each([
    ['(?i)dell', 'DELL', true],
    ['(?s)a.b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['(?x) a b  # comment', 'ab', true],
    ['(?P<vendor>Dell) (?P=vendor)', 'Dell Dell', true],
    ['\\Aab\\Z', 'ab', true],
    ['\\Aab\\Z', 'ab\n', false],
    ['ab$', 'ab\n', true],
    ['[]a]+', ']a]', true],
    ['a(?#comment)b', 'ab', true],
  ])('%s on %j → %s', (pattern, text, expected) => {
    expect(compilePythonRegex(pattern).test(text)).toBe(expected);
  });

  it('anchors at the start when sticky, like re.match', () => {
    expect(compilePythonRegex('b', { sticky: true }).test('ab')).toBe(false);
    expect(compilePythonRegex('a', { sticky: true }).test('ab')).toBe(true);
  });

  it.each([
    ['[unclosed', /Unterminated character class/],
    ['\\q', /bad escape \\q/],
    ['a(?i)b', /global flags not at the start/],
    ['(?i:a)b', /scoped inline flags/],
  ])('refuses %s', (pattern, message) => {
    expect(() => compilePythonRegex(pattern)).toThrow(PyRegexError);
    expect(() => compilePythonRegex(pattern)).toThrow(message);
  });
});
