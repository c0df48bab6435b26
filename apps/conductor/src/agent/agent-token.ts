import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256:';

/** A new agent token: 32 random bytes, url-safe base64 (43 characters), as Python's secrets.token_urlsafe(). */
export function newAgentToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored in driver_internal_info.agent_secret_token: the token's SHA-256, never the token. */
export function hashAgentToken(token: string): string {
  return PREFIX + createHash('sha256').update(token).digest('hex');
}

/** Whether `given` is the token whose hash is `stored` (constant time). */
export function agentTokenMatches(given: string, stored: unknown): boolean {
  if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return false;
  const a = Buffer.from(hashAgentToken(given));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
