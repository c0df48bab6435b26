import type { FastifyInstance, FastifyReply } from 'fastify';
import { RateLimiter, type RateLimit, addressList } from './rate-limit';

/** The rate-limit options both listeners read (FERRUM_RATE_LIMIT_*). */
export interface RateLimitSettings {
  rateLimitRamdiskPerS: number;
  rateLimitApiPerS: number;
  rateLimitExempt: string[];
}

/** A rate, with bursts of three times as many (what the options' descriptions promise). */
const withBurst = (perSecond: number): RateLimit => ({ perSecond, burst: Math.max(1, 3 * perSecond) });

export interface HardeningOptions {
  /** The unauthenticated ramdisk endpoints (given the URL as sent), which get their own, tighter limit. */
  isRamdiskPath: (url: string) => boolean;
  limits: RateLimitSettings;
  /** The dialect's answer: status and message to its error document. */
  refuse: (reply: FastifyReply, status: number, message: string) => FastifyReply;
}

/**
 * Content types a web page may send to another origin without a CORS preflight. A JSON API that accepted
 * them would let any page the operator visits (with Basic credentials cached, or against noauth on
 * loopback) make writes in their name: refused with 415. No Content-Type at all stays accepted (the
 * baremetal CLI sends none on some calls).
 */
const CROSS_SITE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** The nesting depth of a JSON text, counted outside strings (before parsing, so a deep body costs no recursion). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * The defences every public listener shares: per-address rate limits (429 with Retry-After) and cross-site
 * content types refused on writes (415). Registered first, so a refused request costs no authentication,
 * no body read and no database work. (Body size and depth bounds: acceptJsonBodies and largeBodies.)
 */
export function harden(fastify: FastifyInstance, options: HardeningOptions): void {
  const { limits } = options;
  const exempt = addressList(limits.rateLimitExempt);
  const ramdisk = new RateLimiter(withBurst(limits.rateLimitRamdiskPerS), exempt);
  const api = new RateLimiter(withBurst(limits.rateLimitApiPerS), exempt);
  fastify.addHook('onRequest', async (request, reply) => {
    const limiter = options.isRamdiskPath(request.originalUrl ?? request.url) ? ramdisk : api;
    const wait = limiter.take(request.socket.remoteAddress ?? '');
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      return options.refuse(reply, 429, 'Too many requests from this address; retry later.');
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (CROSS_SITE_TYPES.includes(type) && request.method !== 'GET' && request.method !== 'HEAD') {
      return options.refuse(reply, 415, `Unsupported Content-Type ${type}: send JSON (application/json).`);
    }
  });
}

