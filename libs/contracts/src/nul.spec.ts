import { nulPath, nulRefusal } from './nul';

describe('nulPath', () => {
  it('finds a NUL in strings, keys and nested values, naming where', () => {
    expect(nulPath('a\u0000b')).toBe('the value');
    expect(nulPath({ driver: 'x', extra: { k: ['ok', 'a\u0000'] } })).toBe('extra.k[1]');
    expect(nulPath({ extra: { 'bad\u0000key': 1 } })).toBe('a key of extra');
    expect(nulPath([{ op: 'add', path: '/extra/a', value: '\u0000' }], 'body')).toBe('body[0].value');
  });

  it('passes everything else, escapes included', () => {
    expect(nulPath({ a: 'back\\u0000slash', b: 1, c: null, d: [true] })).toBeUndefined();
    expect(nulRefusal('extra.k')).toBe('Invalid input for extra.k: the NUL character (\\u0000) is not allowed.');
  });
});
