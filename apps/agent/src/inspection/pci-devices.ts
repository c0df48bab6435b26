import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isDir, isFile, readText } from '../inventory/sysfs';
import { type Collector, message } from './collector';

export interface PciDevice {
  vendor_id: string;
  product_id: string;
  class: string;
  revision: string | null;
  /** The PCI address (the directory name, e.g. `0000:00:1f.2`). */
  bus: string;
  /** As IPA: the raw text of the device's numa_node file (`"-1"` without NUMA), null when there is none. */
  numa_node_id: string | null;
}

/** sysfs ids read `0x8086`; IPA keeps what follows the `x` (`8086`), and skips values without one. */
function hexDigits(text: string | null): string | null {
  if (text === null) return null;
  const parts = text.split('x');
  return parts.length > 1 ? parts[1] : null;
}

/**
 * IPA's `pci-devices` collector: `pci_devices` from /sys/bus/pci/devices/<address>/{vendor,device,class,revision,numa_node}.
 * A device whose ids cannot be read is skipped with a log line; a missing device list is a failure (as in IPA).
 */
export const collectPciDevices: Collector = async (ctx, failures) => {
  const root = join(ctx.sysfs, 'bus/pci/devices');
  let names: string[];
  try {
    names = (await readdir(root)).sort();
  } catch (err) {
    failures.add(`Failed to get list of PCI devices: ${message(err)}`);
    return {};
  }
  const devices: PciDevice[] = [];
  for (const bus of names) {
    const dir = join(root, bus);
    if (!(await isDir(dir))) continue;
    const vendor = hexDigits(await readText(join(dir, 'vendor')));
    const product = hexDigits(await readText(join(dir, 'device')));
    const cls = hexDigits(await readText(join(dir, 'class')));
    if (vendor === null || product === null || cls === null) {
      ctx.log(`pci-devices: skipping PCI device ${bus}: no readable vendor id, product id or class`);
      continue;
    }
    let revision: string | null = null;
    if (await isFile(join(dir, 'revision'))) {
      revision = hexDigits(await readText(join(dir, 'revision')));
      if (revision === null) ctx.log(`pci-devices: unreadable PCI revision of device ${bus}`);
    }
    const numaNode = (await isFile(join(dir, 'numa_node'))) ? await readText(join(dir, 'numa_node')) : null;
    devices.push({ vendor_id: vendor, product_id: product, class: cls, revision, bus, numa_node_id: numaNode });
  }
  return { pci_devices: devices };
};
