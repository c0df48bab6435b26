import { z } from 'zod';

/**
 * The hardware inventory an agent reports (inspection-and-agent spec §13.3), in Ironic Python Agent's
 * field names. Shared by the agent (which builds it), the conductor (lookup, enrollment) and the inspector.
 * Objects are loose: agents of other versions send extra keys, which are kept.
 */
export const inventoryInterfaceSchema = z.looseObject({
  name: z.string().min(1),
  /** Lower-case colon form; null for devices without one. */
  mac_address: z.string().nullable(),
  ipv4_address: z.string().nullable().optional(),
  ipv6_address: z.string().nullable().optional(),
  has_carrier: z.boolean().optional(),
  lldp: z.array(z.tuple([z.number().int(), z.string()])).nullable().optional(),
  /** PCI ids such as `0x8086`, null when not a PCI device. */
  vendor: z.string().nullable().optional(),
  product: z.string().nullable().optional(),
  client_id: z.string().nullable().optional(),
  biosdevname: z.string().nullable().optional(),
  speed_mbps: z.number().nullable().optional(),
  pci_address: z.string().nullable().optional(),
  driver: z.string().nullable().optional(),
});

export const inventoryCpuSchema = z.looseObject({
  model_name: z.string().nullable(),
  /** MHz, as a string (Ironic's format). */
  frequency: z.string().nullable(),
  count: z.number().int().nonnegative(),
  architecture: z.string(),
  flags: z.array(z.string()).default([]),
  socket_count: z.number().int().nullable().optional(),
});

export const inventoryMemorySchema = z.looseObject({
  /** Usable bytes (MemTotal). */
  total: z.number().int().nonnegative(),
  /** Installed MiB from DMI (what memory_mb uses); falls back to total when DMI is unreadable. */
  physical_mb: z.number().int().nonnegative().nullable(),
});

export const inventoryDiskSchema = z.looseObject({
  name: z.string().min(1),
  model: z.string().nullable().optional(),
  size: z.number().int().nonnegative(),
  rotational: z.boolean(),
  wwn: z.string().nullable().optional(),
  serial: z.string().nullable().optional(),
  vendor: z.string().nullable().optional(),
  wwn_with_extension: z.string().nullable().optional(),
  wwn_vendor_extension: z.string().nullable().optional(),
  hctl: z.string().nullable().optional(),
  by_path: z.string().nullable().optional(),
  logical_sectors: z.number().int().nullable().optional(),
  physical_sectors: z.number().int().nullable().optional(),
  tran: z.string().nullable().optional(),
});

export const inventorySystemVendorSchema = z.looseObject({
  product_name: z.string().nullable().optional(),
  serial_number: z.string().nullable().optional(),
  manufacturer: z.string().nullable().optional(),
  firmware: z
    .looseObject({ vendor: z.string().nullable().optional(), version: z.string().nullable().optional(), build_date: z.string().nullable().optional() })
    .optional(),
});

export const inventoryBootSchema = z.looseObject({
  current_boot_mode: z.enum(['uefi', 'bios']),
  /** The raw BOOTIF value, or null when not PXE-booted. */
  pxe_interface: z.string().nullable(),
});

export const inventorySchema = z.looseObject({
  interfaces: z.array(inventoryInterfaceSchema),
  cpu: inventoryCpuSchema,
  memory: inventoryMemorySchema,
  disks: z.array(inventoryDiskSchema),
  /** `0.0.0.0` / `::/0` mean unknown (IPA's convention); null when nothing could be read. */
  bmc_address: z.string().nullable().optional(),
  bmc_v6address: z.string().nullable().optional(),
  bmc_mac: z.string().nullable().optional(),
  system_vendor: inventorySystemVendorSchema,
  boot: inventoryBootSchema,
  hostname: z.string().optional(),
});

export type InventoryInterface = z.infer<typeof inventoryInterfaceSchema>;
export type InventoryCpu = z.infer<typeof inventoryCpuSchema>;
export type InventoryMemory = z.infer<typeof inventoryMemorySchema>;
export type InventoryDisk = z.infer<typeof inventoryDiskSchema>;
export type InventorySystemVendor = z.infer<typeof inventorySystemVendorSchema>;
export type Inventory = z.infer<typeof inventorySchema>;

/** IPA's "unknown BMC" values: an inventory carrying them has no BMC address. */
export const UNKNOWN_BMC_ADDRESSES = ['0.0.0.0', '::/0', '::'];

/** Lower-case colon MAC form, or null when `value` is not a 48-bit MAC (BOOTIF's `01-` prefix accepted). */
export function normalizeMac(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !value) return null;
  let v = value.trim().toLowerCase().replace(/-/g, ':');
  if (/^01:([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(v)) v = v.slice(3);
  return /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(v) ? v : null;
}
