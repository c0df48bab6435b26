import { createHash } from 'node:crypto';

function position(value: string): number {
  return createHash('md5').update(value).digest().readUInt32BE(0);
}

// A node's place on a ring depends only on its uuid, and every node GET and call asks for it (an MD5 each,
// a visible share of a node read's CPU): kept for the most recent nodes, dropped wholesale when full.
const KEY_CACHE_LIMIT = 20_000;
const keyPositions = new Map<string, number>();

function keyPosition(key: string): number {
  let at = keyPositions.get(key);
  if (at === undefined) {
    if (keyPositions.size >= KEY_CACHE_LIMIT) keyPositions.clear();
    at = position(key);
    keyPositions.set(key, at);
  }
  return at;
}

/**
 * Consistent hash ring: each host owns many points on a circle, a key belongs to the first
 * point at or after its own hash. Adding or removing one host moves only about 1/N of the keys,
 * which keeps node ownership stable while conductors come and go (Ironic uses tooz's ring the same way).
 */
export class HashRing {
  private readonly points: { at: number; host: string }[];
  readonly hosts: readonly string[];

  constructor(hosts: Iterable<string>, partitionsPerHost = 64) {
    this.hosts = [...new Set(hosts)].sort();
    this.points = this.hosts
      .flatMap((host) => Array.from({ length: partitionsPerHost }, (_, i) => ({ at: position(`${host}#${i}`), host })))
      .sort((a, b) => a.at - b.at || a.host.localeCompare(b.host));
  }

  get size(): number {
    return this.hosts.length;
  }

  /** The owner of `key`, or undefined on an empty ring. */
  getHost(key: string): string | undefined {
    return this.getHosts(key, 1)[0];
  }

  /** Up to `count` distinct hosts for `key`, owner first: the order to fail over in. */
  getHosts(key: string, count: number): string[] {
    if (this.points.length === 0) return [];
    // One host owns every key (the usual single conductor): no need to place the key.
    if (this.hosts.length === 1) return count > 0 ? [this.hosts[0]] : [];
    const at = keyPosition(key);
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid].at < at) lo = mid + 1;
      else hi = mid;
    }
    const result: string[] = [];
    for (let i = 0; i < this.points.length && result.length < count; i++) {
      const host = this.points[(lo + i) % this.points.length].host;
      if (!result.includes(host)) result.push(host);
    }
    return result;
  }
}
