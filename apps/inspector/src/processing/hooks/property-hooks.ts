import type { Dict, InventoryDisk, NodeRecord } from '@ferrum/contracts';
import type { IntrospectionData } from '../introspection-data';
import type { PropertyPatch } from './property-patch';
import { defaultRootDisk, localGb, selectRootDisk } from './root-device-hints';

/**
 * root_disk_selection (§7): the disk the root device hints pick (or the agent's `root_disk`, else the
 * smallest disk ≥ 4 GiB) gives `local_gb` = ⌊size/GiB⌋ − 1.
 * @throws Invalid when hints match no disk
 */
export function rootDiskSelection(data: IntrospectionData, node: NodeRecord, patch: PropertyPatch): void {
  const disks: InventoryDisk[] = data.inventory?.disks ?? [];
  const hints = node.properties.root_device;
  const skip = Array.isArray(node.properties.skip_block_devices)
    ? (node.properties.skip_block_devices as Dict[]).map((d) => (typeof d.name === 'string' ? d.name : '')).filter(Boolean)
    : [];
  let disk: { size: number } | undefined;
  if (hints && typeof hints === 'object' && !Array.isArray(hints) && Object.keys(hints).length) {
    const selected = selectRootDisk(hints, disks, skip);
    data.root_disk = { ...selected };
    disk = selected;
  } else {
    disk = data.root_disk ?? defaultRootDisk(disks.filter((d) => !skip.includes(d.name)));
  }
  data.local_gb = localGb(disk);
  patch.set('local_gb', String(data.local_gb));
}

/** scheduler (§7): cpus, cpu_arch and memory_mb, written as strings as ironic-inspector does. */
export function scheduler(data: IntrospectionData, patch: PropertyPatch): void {
  const inventory = data.inventory;
  if (!inventory) return;
  data.cpus = inventory.cpu?.count;
  data.cpu_arch = inventory.cpu?.architecture;
  data.memory_mb = inventory.memory?.physical_mb ?? undefined;
  patch.set('cpus', data.cpus ? String(data.cpus) : undefined);
  patch.set('cpu_arch', data.cpu_arch || undefined);
  patch.set('memory_mb', data.memory_mb ? String(data.memory_mb) : undefined);
}

/** CPU flags ironic-inspector turns into capabilities. */
export const CPU_FLAGS: Record<string, string> = { vmx: 'cpu_vt', svm: 'cpu_vt', aes: 'cpu_aes', pse: 'cpu_hugepages', pdpe1gb: 'cpu_hugepages_1g', smx: 'cpu_txt' };

/** capabilities (§7): boot_mode (when enabled) and CPU features, merged into properties.capabilities. */
export function capabilities(data: IntrospectionData, patch: PropertyPatch, bootMode: boolean): void {
  const add: Record<string, string> = {};
  const mode = data.inventory?.boot?.current_boot_mode;
  if (bootMode && mode) add.boot_mode = mode;
  for (const flag of data.inventory?.cpu?.flags ?? []) {
    const cap = CPU_FLAGS[flag];
    if (cap) add[cap] = 'true';
  }
  patch.mergeCapabilities(add);
}
