import { isIP } from 'node:net';

/**
 * Why a "<cidr>:<physnet>" entry is refused, if it is. As Python's ip_network, a network with host bits
 * set is refused (Ironic's hook would raise on every inspection instead).
 */
export function cidrMapError(item: string): string | undefined {
  const at = item.lastIndexOf(':');
  const [net, prefix, more] = item.slice(0, at).split('/');
  const version = isIP(net ?? '');
  if (at < 0 || !item.slice(at + 1) || !version || more !== undefined) return `"${item}" is not <cidr>:<physical network>`;
  const bits = version === 4 ? 32 : 128;
  const length = prefix === undefined ? bits : /^\d+$/.test(prefix) ? Number(prefix) : NaN;
  if (!(length >= 0 && length <= bits)) return `"${item}": bad prefix length`;
  const value = version === 4 ? net.split('.').reduce((a, o) => (a << 8n) | BigInt(o), 0n) : ipv6Value(net);
  if (value & ((1n << BigInt(bits - length)) - 1n)) return `"${item}" has host bits set`;
  return undefined;
}

function ipv6Value(ip: string): bigint {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parts = (s: string | undefined) => (s ? s.split(':') : []).flatMap((g) => (g.includes('.') ? ipv4Groups(g) : [g]));
  const left = parts(head);
  const right = parts(tail);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** An embedded IPv4 tail ("::ffff:192.0.2.1") as its two 16-bit groups. */
function ipv4Groups(v4: string): string[] {
  const o = v4.split('.').map(Number);
  return [((o[0] << 8) | o[1]).toString(16), ((o[2] << 8) | o[3]).toString(16)];
}
