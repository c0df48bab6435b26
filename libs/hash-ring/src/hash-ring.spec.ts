import { HashRing } from './hash-ring';

const keys = Array.from({ length: 2000 }, (_, i) => `node-${i}`);

describe('HashRing', () => {
  it('has no owner when no conductor is alive', () => {
    expect(new HashRing([]).getHost('x')).toBeUndefined();
  });

  it('gives every key to the same host whatever order hosts are listed in', () => {
    const a = new HashRing(['c1', 'c2', 'c3']);
    const b = new HashRing(['c3', 'c1', 'c2']);
    for (const k of keys) expect(a.getHost(k)).toBe(b.getHost(k));
  });

  it('spreads nodes over conductors roughly evenly', () => {
    const ring = new HashRing(['c1', 'c2', 'c3']);
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(ring.getHost(k)!, (counts.get(ring.getHost(k)!) ?? 0) + 1);
    for (const host of ring.hosts) expect(counts.get(host)).toBeGreaterThan(keys.length / 3 / 2);
  });

  it('moves only the dead conductor\'s nodes when one dies', () => {
    const before = new HashRing(['c1', 'c2', 'c3']);
    const after = new HashRing(['c1', 'c2']);
    for (const k of keys) {
      const owner = before.getHost(k)!;
      if (owner !== 'c3') expect(after.getHost(k)).toBe(owner);
      else expect(['c1', 'c2']).toContain(after.getHost(k));
    }
  });

  it('lists distinct fail-over hosts, owner first', () => {
    const ring = new HashRing(['c1', 'c2', 'c3']);
    const hosts = ring.getHosts('node-1', 5);
    expect(hosts).toHaveLength(3);
    expect(new Set(hosts).size).toBe(3);
    expect(hosts[0]).toBe(ring.getHost('node-1'));
  });
});
