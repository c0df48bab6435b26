import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The source address in `ip route get` output: iproute2's (`192.0.2.1 dev eth0 src 192.0.2.114 uid 0`) and
 * busybox's, which is what the agent ramdisk has (it has no `-j`).
 */
export function routeSource(output: string): string | undefined {
  return /\bsrc\s+(\S+)/.exec(output)?.[1];
}

/**
 * The address the conductor should call the agent on: the source address the kernel picks for the route to
 * the API host (`ip route get`), as IPA does; the API host itself when it is a loopback address.
 */
export async function advertiseHost(apiUrl: string): Promise<string> {
  const host = new URL(apiUrl).hostname.replace(/^\[|\]$/g, '');
  const address = /^[\d.]+$|:/.test(host) ? host : (await lookup(host)).address;
  if (address.startsWith('127.') || address === '::1') return address;
  try {
    const { stdout } = await run('ip', ['route', 'get', address]);
    const source = routeSource(stdout);
    if (source) return source;
  } catch {
    // No ip command: fall through.
  }
  return address;
}
