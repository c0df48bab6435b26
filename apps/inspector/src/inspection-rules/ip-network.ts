/**
 * `in-net` uses netaddr upstream: the subnet is an address with an optional prefix length (or IPv4
 * netmask), host bits allowed; an address of the other IP version is simply not in the network.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { PyError } from './errors';

type Family = 'ipv4' | 'ipv6';

export interface IpNetwork {
  address: string;
  prefix: number;
  family: Family;
}

const familyOf = (s: string): Family | undefined => (isIPv4(s) ? 'ipv4' : isIPv6(s) ? 'ipv6' : undefined);

/** An IPv4 netmask (255.255.255.0) as a prefix length, or undefined when it is not a contiguous mask. */
function netmaskPrefix(mask: string): number | undefined {
  if (!isIPv4(mask)) return undefined;
  const bits = mask.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') < 0 ? 32 : bits.indexOf('0') : undefined;
}

/** Parses like netaddr.IPNetwork; undefined when netaddr would raise AddrFormatError. */
export function parseNetwork(subnet: unknown): IpNetwork | undefined {
  if (typeof subnet !== 'string') return undefined;
  const [address, prefixText, ...extra] = subnet.trim().split('/');
  const family = familyOf(address);
  if (!family || extra.length) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  let prefix: number | undefined = /^\d+$/.test(prefixText) ? Number(prefixText) : undefined;
  if (prefix === undefined && family === 'ipv4') prefix = netmaskPrefix(prefixText);
  if (prefix === undefined || prefix > max) return undefined;
  return { address, prefix, family };
}

/** netaddr.IPAddress(address): a textual address, or an integer read as IPv4 when it fits. */
function parseAddress(address: unknown): { address: string; family: Family } {
  if (typeof address === 'number' && Number.isSafeInteger(address) && address >= 0) {
    if (address <= 0xffffffff) {
      return { address: [24, 16, 8, 0].map((s) => (address >>> s) & 255).join('.'), family: 'ipv4' };
    }
  }
  const text = typeof address === 'string' ? address.trim() : undefined;
  const family = text === undefined ? undefined : familyOf(text);
  if (!text || !family) throw new PyError('ValueError', `failed to detect a valid IP address from ${JSON.stringify(String(address))}`);
  return { address: text, family };
}

export function addressInNetwork(address: unknown, network: IpNetwork): boolean {
  const parsed = parseAddress(address);
  if (parsed.family !== network.family) return false;
  const list = new BlockList();
  list.addSubnet(network.address, network.prefix, network.family);
  return list.check(parsed.address, parsed.family);
}
