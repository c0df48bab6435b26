import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('serves a value until it expires, then loads it again', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, () => now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now = 999;
    expect(await cache.get('a', load)).toBe(1);
    now = 1000;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('shares one load between concurrent misses and keeps keys apart', async () => {
    const cache = new TtlCache<string>(1000);
    let loads = 0;
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    const [a1, a2, b] = await Promise.all([cache.get('a', load('x')), cache.get('a', load('y')), cache.get('b', load('z'))]);
    expect([a1, a2, b]).toEqual(['x', 'x', 'z']);
    expect(loads).toBe(2);
  });

  it('does not keep a failure: the next call tries again', async () => {
    const cache = new TtlCache<string>(1000);
    await expect(cache.get('a', () => Promise.reject(new Error('conductor gone')))).rejects.toThrow('conductor gone');
    expect(await cache.get('a', async () => 'ok')).toBe('ok');
  });
});
