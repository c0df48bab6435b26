import type { Inventory } from '@ferrum/contracts';

/** One NIC as validate_interfaces records it in `all_interfaces` / `interfaces`. */
export interface InterfaceInfo {
  ip: string | null;
  mac: string;
  client_id: string | null;
  pxe: boolean;
}

/**
 * The ramdisk's payload (§13.4) plus what the hooks add. Kept loose: agents send keys we do not read,
 * and they are stored as they came.
 */
export interface IntrospectionData {
  inventory?: Inventory;
  root_disk?: { name: string; size: number } & Record<string, unknown>;
  boot_interface?: string | null;
  error?: string | null;
  logs?: string;
  ipmi_address?: string | null;
  ipmi_v6address?: string | null;
  all_interfaces?: Record<string, InterfaceInfo>;
  interfaces?: Record<string, InterfaceInfo>;
  macs?: string[];
  local_gb?: number;
  cpus?: number;
  cpu_arch?: string;
  memory_mb?: number;
  auto_discovered?: boolean;
  [key: string]: unknown;
}
