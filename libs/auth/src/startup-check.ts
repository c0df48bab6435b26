import { isIP } from 'node:net';
import type { AuthStrategy } from './authenticator';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Secure by default: without authentication a server may listen only on loopback. Anywhere else it
 * needs the operator's explicit FERRUM_ALLOW_INSECURE_NOAUTH=true (e.g. behind a proxy that
 * authenticates), and otherwise refuses to start, saying why. Returns the warning to log, if any.
 */
export function checkAuthExposure(strategy: AuthStrategy, hosts: { env: string; host: string }[], allowInsecureNoauth: boolean): string | undefined {
  if (strategy !== 'noauth') return undefined;
  const exposed = hosts.filter((h) => !isLoopback(h.host));
  if (exposed.length === 0) return 'authentication is off (FERRUM_AUTH_STRATEGY=noauth): listening on loopback only, every caller is an administrator';
  const where = exposed.map((h) => `${h.env}=${h.host}`).join(', ');
  if (!allowInsecureNoauth) {
    throw new Error(
      `FERRUM_AUTH_STRATEGY=noauth with ${where}: anyone who can reach that address could enroll, power off and reprovision every machine. ` +
        'Set FERRUM_AUTH_STRATEGY=http_basic (with FERRUM_HTTP_BASIC_AUTH_USER_FILE) or keystone, listen on 127.0.0.1, ' +
        'or set FERRUM_ALLOW_INSECURE_NOAUTH=true if something in front of Ferrum authenticates callers.',
    );
  }
  return `authentication is off (FERRUM_AUTH_STRATEGY=noauth) on ${where}, allowed by FERRUM_ALLOW_INSECURE_NOAUTH=true: every caller who can reach it is an administrator`;
}
