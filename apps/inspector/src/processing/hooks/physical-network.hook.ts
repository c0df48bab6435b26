import { BlockList, isIP } from 'node:net';
import type { Dict } from '@ferrum/contracts';
import { validInterfacePorts } from './interface-ports';

/** A port the hook may set: existing, or being added by the ports hook (no physical network yet). */
export interface NetworkPort {
  address: string;
  physical_network?: string | null;
}

/** One [inspector]physical_network_cidr_map entry, "<cidr>:<physnet>" split at its last colon. */
function entry(text: string): { cidr: string; physnet: string } {
  const at = text.lastIndexOf(':');
  return { cidr: text.slice(0, at), physnet: text.slice(at + 1) };
}

/**
 * The physical network of a NIC: the first map entry (in map order) whose network holds its IPv4 address,
 * else its IPv6 address; null when none does. The map was checked when the configuration loaded.
 */
export function physicalNetworkOf(iface: Dict, cidrMap: readonly string[]): string | null {
  const entries = cidrMap.map(entry).map(({ cidr, physnet }) => {
    const [net, prefix] = cidr.split('/');
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    const list = new BlockList();
    list.addSubnet(net, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
    return { family, list, physnet };
  });
  for (const field of ['ipv4_address', 'ipv6_address']) {
    // Ironic's ip_address() accepts an IPv6 scope ("fe80::1%eth0"); containment ignores it.
    const ip = typeof iface[field] === 'string' ? (iface[field]).split('%')[0] : '';
    const family = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : undefined;
    if (!family) continue;
    const match = entries.find((e) => e.family === family && e.list.check(ip, family));
    if (match) return match.physnet;
  }
  return null;
}

/**
 * Ironic's physical-network hook: sets physical_network of the port of each NIC validate-interfaces kept,
 * from [inspector]physical_network_cidr_map and the NIC's addresses. A NIC without a port or a match is
 * skipped (Ironic logs it at debug).
 */
export function planPhysicalNetworks(inventory: Dict, pluginData: Dict, ports: readonly NetworkPort[], cidrMap: readonly string[]): { address: string; changes: Dict }[] {
  const updates: { address: string; changes: Dict }[] = [];
  for (const { iface, port } of validInterfacePorts(inventory, pluginData, ports)) {
    const physnet = port ? physicalNetworkOf(iface, cidrMap) : null;
    if (port && physnet !== null && port.physical_network !== physnet) updates.push({ address: port.address, changes: { physical_network: physnet } });
  }
  return updates;
}
