import { RateLimiter, addressList } from './rate-limit';

describe('RateLimiter', () => {
  it('lets a burst through, then one request per 1/rate seconds, per address, saying how long to wait', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, addressList([]));
    const t = 1_000_000;
    expect([0, 1, 2, 3].map(() => limiter.take('10.0.0.1', t))).toEqual([0, 0, 0, 1]);
    expect(limiter.take('10.0.0.2', t)).toBe(0);
    expect(limiter.take('10.0.0.1', t + 500)).toBe(0);
    expect(limiter.take('10.0.0.1', t + 500)).toBe(1);
  });

  it('never limits exempt addresses and ranges, IPv4-mapped ones included', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, addressList(['127.0.0.0/8', '::1']));
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1']) {
      expect([address, [1, 2, 3].map(() => limiter.take(address, 5))]).toEqual([address, [0, 0, 0]]);
    }
    expect([1, 2].map(() => limiter.take('10.0.0.1', 5))).toEqual([0, 1]);
  });

  it('forgets the least recently seen addresses beyond its bound', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, addressList([]), 100);
    for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(limiter.size).toBe(100);
  });

  it('refuses a list entry that is not an address or range, naming it', () => {
    expect(() => addressList(['127.0.0.0/8', 'localhost'])).toThrow('"localhost" is not an address or CIDR range');
  });
});
