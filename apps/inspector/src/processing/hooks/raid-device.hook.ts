import type { Dict } from '@ferrum/contracts';

/** Serials of the inventory's disks that have one. */
function serials(inventory: Dict | undefined): string[] {
  const disks = Array.isArray(inventory?.disks) ? (inventory.disks as Dict[]) : [];
  return disks.filter((d) => d && typeof d === 'object' && d.serial).map((d) => d.serial as string);
}

/**
 * Ironic's raid-device hook: run once before and once after building the root RAID volume (whose BMC says
 * nothing useful about it, as DRAC's), it takes the one disk serial that is new since the node's last
 * stored inventory as the root_device hint. Undefined (node left alone, reason warned) otherwise.
 */
export function raidRootDevice(properties: Dict, inventory: Dict, previous: Dict | undefined, warn: (message: string) => void): { serial: string } | undefined {
  // Ironic logs this one at info: an operator's hint is never replaced.
  if ('root_device' in properties) return undefined;
  const current = serials(inventory);
  if (!current.length) {
    warn('No block device information was received from the ramdisk');
    return undefined;
  }
  // No stored inventory: the first of the two runs (Ironic logs at debug).
  if (!previous) return undefined;
  const before = new Set(serials(previous));
  const fresh = current.filter((s) => !before.has(s));
  if (fresh.length > 1) warn('Root device cannot be identified because multiple new devices were found');
  else if (!fresh.length) warn('No new devices were found');
  return fresh.length === 1 ? { serial: fresh[0] } : undefined;
}
