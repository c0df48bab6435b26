import { type Inventory, inventorySchema } from '@ferrum/contracts';
import { hostname } from 'node:os';
import { collectCpu } from './cpu';
import { collectDisks } from './disks';
import { collectInterfaces } from './interfaces';
import { collectMemory } from './memory';
import { bmcAddress, bootMode, collectSystemVendor } from './system';

export interface InventoryOptions {
  /** The raw BOOTIF kernel parameter (`01-aa-bb-…`), reported as boot.pxe_interface. */
  bootif?: string | null;
}

/** The machine's inventory (spec §13.3), read from /proc, /sys and DMI, checked against the shared schema. */
export async function collectInventory(options: InventoryOptions = {}): Promise<Inventory> {
  const [interfaces, cpu, memory, disks, systemVendor, mode, bmc] = await Promise.all([
    collectInterfaces(),
    collectCpu(),
    collectMemory(),
    collectDisks(),
    collectSystemVendor(),
    bootMode(),
    bmcAddress(),
  ]);
  return inventorySchema.parse({
    interfaces,
    cpu,
    memory,
    disks,
    // IPA reports an unknown BMC as 0.0.0.0 and ::/0, never null: Ironic's callback schema wants strings.
    bmc_address: bmc.v4 ?? '0.0.0.0',
    bmc_v6address: '::/0',
    bmc_mac: bmc.mac,
    system_vendor: systemVendor,
    boot: { current_boot_mode: mode, pxe_interface: options.bootif ?? null },
    hostname: hostname(),
  });
}

/** IPA's default root disk: the smallest disk of at least 4 GiB (undefined when none). */
export function defaultRootDisk(inventory: Pick<Inventory, 'disks'>, minBytes = 4 * 1024 ** 3) {
  return [...inventory.disks].filter((d) => d.size >= minBytes).sort((a, b) => a.size - b.size)[0];
}
