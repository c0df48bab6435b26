import type { Dict } from '@ferrum/contracts';
import { normalizeMac } from '@ferrum/contracts';

/**
 * The inventory's NICs that validate-interfaces kept (plugin_data.all_interfaces), each with the node's port
 * of its MAC, if any: what the hooks that edit ports from NIC data (local-link-connection, physical-network)
 * walk, as Ironic's look a port up per valid interface.
 */
export function* validInterfacePorts<P extends { address: string }>(inventory: Dict, pluginData: Dict, ports: readonly P[]): Generator<{ iface: Dict; port: P | undefined }> {
  const all = (pluginData.all_interfaces ?? {}) as Dict;
  const byMac = new Map(ports.map((p) => [p.address.toLowerCase(), p]));
  for (const iface of (Array.isArray(inventory.interfaces) ? inventory.interfaces : []) as Dict[]) {
    if (!iface || typeof iface.name !== 'string' || !(iface.name in all)) continue;
    yield { iface, port: byMac.get(normalizeMac(iface.mac_address as string) ?? '') };
  }
}
