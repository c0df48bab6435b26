import type { InventoryMemory } from '@ferrum/contracts';
import * as si from 'systeminformation';
import { readText } from './sysfs';

const MIB = 1024 * 1024;

/**
 * `total` is MemTotal (usable bytes). `physical_mb` is the installed memory from DMI (dmidecode, through
 * systeminformation), which is what Ironic's memory_mb uses; where DMI gives nothing (containers, some VMs)
 * it falls back to MemTotal rounded up to MiB, so the node still gets a memory size.
 */
export async function collectMemory(): Promise<InventoryMemory> {
  const meminfo = (await readText('/proc/meminfo')) ?? '';
  const kb = Number(/^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo)?.[1] ?? 0);
  const total = kb * 1024;
  let physical = 0;
  try {
    const banks = await si.memLayout();
    // systeminformation reports one pseudo-bank of the total when dmidecode is unavailable; only real banks count.
    if (banks.some((b) => b.bank || b.type || b.partNum)) physical = banks.reduce((sum, b) => sum + (b.size || 0), 0) / MIB;
  } catch {
    physical = 0;
  }
  return { total, physical_mb: physical > 0 ? Math.round(physical) : Math.ceil(total / MIB) };
}
