import { Invalid } from '@ferrum/errors';
import { normalizeMac } from '@ferrum/contracts';
import type { InterfaceInfo, IntrospectionData } from '../introspection-data';

/**
 * validate_interfaces, before lookup (§7): builds `all_interfaces` (every NIC with a valid MAC),
 * `interfaces` (those `add_ports` selects) and `macs`. Lookup depends on it.
 * @throws Invalid when the inventory has no interfaces, or none is usable
 */
export function validateInterfaces(data: IntrospectionData, addPorts: 'all' | 'active' | 'pxe' | 'disabled'): void {
  // These are the hook's to build: whatever the ramdisk sent under these names is not trusted (lookup reads them).
  delete data.all_interfaces;
  delete data.interfaces;
  delete data.macs;
  const inventory = data.inventory;
  if (!inventory || !Array.isArray(inventory.interfaces) || inventory.interfaces.length === 0) {
    throw new Invalid({ message: 'Hardware inventory is empty or missing' });
  }
  // BOOTIF may come as 01-aa-bb-cc-dd-ee-ff (pxelinux form).
  const pxeMac = normalizeMac(data.boot_interface ?? inventory.boot?.pxe_interface ?? null);
  const all: Record<string, InterfaceInfo> = {};
  for (const iface of inventory.interfaces) {
    if (!iface || typeof iface !== 'object' || typeof iface.name !== 'string') continue;
    const mac = normalizeMac(typeof iface.mac_address === 'string' ? iface.mac_address : null);
    if (!mac) continue;
    const ip = typeof iface.ipv4_address === 'string' ? iface.ipv4_address : null;
    // Loopback is never a port.
    if (iface.name === 'lo' || ip?.startsWith('127.')) continue;
    all[iface.name] = { ip, mac, client_id: iface.client_id ?? null, pxe: mac === pxeMac };
  }
  let selected: [string, InterfaceInfo][];
  const entries = Object.entries(all);
  if (addPorts === 'all') selected = entries;
  else if (addPorts === 'disabled') selected = [];
  else if (addPorts === 'pxe' && pxeMac) selected = entries.filter(([, i]) => i.pxe);
  else selected = entries.filter(([, i]) => i.ip);
  if (addPorts !== 'disabled' && selected.length === 0) {
    throw new Invalid({ message: `No suitable interfaces found in ${JSON.stringify(all)}` });
  }
  data.all_interfaces = all;
  data.interfaces = Object.fromEntries(selected);
  data.macs = selected.map(([, i]) => i.mac);
}
