import type { Dict } from '@ferrum/contracts';

/** One [inspector]pci_device_alias entry. */
export interface PciAlias {
  vendor_id: string;
  product_id: string;
  name: string;
}

/**
 * Ironic's pci-devices hook: counts the `pci_devices` the ramdisk listed (IPA's pci-devices collector)
 * that match an alias, as capabilities `<alias name>:<count>` for Nova's scheduling. Undefined when
 * nothing matched, so the node is left alone (Ironic saves only then).
 */
export function pciDeviceCapabilities(pluginData: Dict, aliases: readonly PciAlias[], warn: (message: string) => void): Record<string, string> | undefined {
  if (!('pci_devices' in pluginData)) {
    if (aliases.length) warn('No information about PCI devices was received from the ramdisk.');
    return undefined;
  }
  // Ironic keys aliases by (vendor_id, product_id): a later entry for the same pair wins.
  const names = new Map(aliases.map((a) => [`${a.vendor_id}:${a.product_id}`, a.name]));
  const counts: Record<string, number> = {};
  const devices = Array.isArray(pluginData.pci_devices) ? (pluginData.pci_devices as Dict[]) : [];
  for (const dev of devices) {
    // Ironic compares the pair with the aliases' strings: other types never match.
    const name = typeof dev?.vendor_id === 'string' && typeof dev.product_id === 'string' ? names.get(`${dev.vendor_id}:${dev.product_id}`) : undefined;
    if (name !== undefined) counts[name] = (counts[name] ?? 0) + 1;
  }
  if (!Object.keys(counts).length) return undefined;
  return Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, String(n)]));
}
