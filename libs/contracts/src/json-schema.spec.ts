import { bestMatch, iterErrors } from './json-schema';

/** Expected texts are python-jsonschema's (its _keywords.dependentRequired). */
describe('json schema: dependentRequired', () => {
  const schema = { type: 'object', dependentRequired: { a: ['b', 'c'], d: ['a'] } };
  const messages = (value: unknown) => [...iterErrors(value, schema)].map((e) => e.message);

  it('needs every property a present one depends on, in the schema order', () => {
    expect(messages({ a: 1 })).toEqual(["'b' is a dependency of 'a'", "'c' is a dependency of 'a'"]);
    expect(messages({ a: 1, b: 2, d: 3 })).toEqual(["'c' is a dependency of 'a'"]);
    expect(bestMatch(iterErrors({ d: 1 }, schema))?.validator).toBe('dependentRequired');
  });

  it('asks nothing of absent properties nor of what is not an object', () => {
    expect(messages({ b: 1 })).toEqual([]);
    expect(messages({ a: 1, b: 2, c: 3 })).toEqual([]);
    expect([...iterErrors(['a'], { dependentRequired: { a: ['b'] } })]).toEqual([]);
  });
});
