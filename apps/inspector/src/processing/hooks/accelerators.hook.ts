import { readFileSync } from 'node:fs';
import type { Dict } from '@ferrum/contracts';
import { parse } from 'yaml';
import { KNOWN_ACCELERATORS, type KnownAccelerator } from './known-accelerators';

/**
 * The known accelerators from a YAML file shaped as Ironic's ({pci_devices: [{vendor_id, device_id, …}]}),
 * or Ironic's bundled list when no file is configured. @throws Error with Ironic's wording when malformed
 */
export function loadKnownAccelerators(path: string | undefined): readonly KnownAccelerator[] {
  if (!path) return KNOWN_ACCELERATORS;
  const data = parse(readFileSync(path, 'utf8')) as unknown;
  const devices = data && typeof data === 'object' ? (data as Dict).pci_devices : undefined;
  if (devices === undefined) throw new Error('Could not find pci_devices in the configuration data.');
  if (!Array.isArray(devices)) throw new Error('pci_devices in the configuration file should contain a list of devices.');
  for (const device of devices as Dict[]) {
    if (!device?.vendor_id || !device.device_id) throw new Error('One of the PCI devices in the configuration file is missing vendor_id or device_id.');
  }
  return devices as KnownAccelerator[];
}

/**
 * Ironic's accelerators hook: each PCI device the ramdisk listed that is a known accelerator, with its PCI
 * address, for properties.accelerators — set even when empty (no accelerator found). Undefined, node left
 * alone, when the ramdisk sent no PCI devices (warned).
 */
export function acceleratorsOf(pluginData: Dict, known: readonly KnownAccelerator[], warn: (message: string) => void): Dict[] | undefined {
  const devices = Array.isArray(pluginData.pci_devices) ? (pluginData.pci_devices as Dict[]) : [];
  if (!devices.length) {
    warn('Unable to process accelerator devices because no PCI device information was received from the ramdisk.');
    return undefined;
  }
  const found: Dict[] = [];
  for (const dev of devices) {
    const match = known.find((k) => k.vendor_id === dev?.vendor_id && k.device_id === dev?.product_id);
    // IPA always sends `bus`; null rather than Ironic's KeyError if a ramdisk does not.
    if (match) found.push({ ...(match as Dict), pci_address: (dev.bus ?? null) });
  }
  return found;
}
