import { BlockList, isIPv6 } from 'node:net';

/** Requests per second a source address may make on average, and how many at once before that applies. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** The address is on the exempt list (decided once, when first seen: the list check is not free). */
  exempt: boolean;
}

/**
 * Token buckets per source address, one set per class of route. Bounded: the least recently seen
 * addresses are forgotten beyond `maxAddresses`, so a flood from many addresses cannot grow memory.
 * A limit of 0 per second is no limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly exempt: BlockList,
    private readonly maxAddresses = 65_536,
  ) {}

  /** 0 when the request may go ahead, else the seconds until it could. */
  take(address: string, now = Date.now()): number {
    if (this.limit.perSecond <= 0) return 0;
    let bucket = this.buckets.get(address);
    if (bucket) {
      this.buckets.delete(address);
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
      bucket.at = now;
    } else {
      bucket = { tokens: this.limit.burst, at: now, exempt: isExempt(this.exempt, address) };
      if (this.buckets.size >= this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(address, bucket);
    if (bucket.exempt) return 0;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** A list of addresses and CIDR ranges ("127.0.0.0/8,::1") as a BlockList; a bad entry throws naming it. */
export function addressList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    try {
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    } catch {
      throw new Error(`"${entry}" is not an address or CIDR range`);
    }
  }
  return list;
}

function isExempt(list: BlockList, address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return list.check(v4mapped[1], 'ipv4');
  return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
}
