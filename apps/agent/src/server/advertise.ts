import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The address the conductor should call the agent on: the source address the kernel picks for the route to
 * the API host (`ip route get`), as IPA does; the API host itself when it is a loopback address.
 */
export async function advertiseHost(apiUrl: string): Promise<string> {
  const host = new URL(apiUrl).hostname.replace(/^\[|\]$/g, '');
  const address = /^[\d.]+$|:/.test(host) ? host : (await lookup(host)).address;
  if (address.startsWith('127.') || address === '::1') return address;
  try {
    const { stdout } = await run('ip', ['-j', 'route', 'get', address]);
    const routes = JSON.parse(stdout) as { prefsrc?: string }[];
    if (routes[0]?.prefsrc) return routes[0].prefsrc;
  } catch {
    // No iproute2: fall through.
  }
  return address;
}
