import type { InventoryMemory } from '@ferrum/contracts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readText } from './sysfs';

const run = promisify(execFile);
const MIB = 1024 * 1024;
const UNIT: Record<string, number> = { KB: 1 / 1024, MB: 1, GB: 1024, TB: 1024 * 1024 };

/**
 * Installed memory in MiB from the DMI memory devices (`dmidecode -t 17`, as IPA reads it), or null when
 * DMI has none (containers, some VMs) or dmidecode is missing or not allowed.
 */
export async function dmiMemoryMb(): Promise<number | null> {
  try {
    const { stdout } = await run('dmidecode', ['-t', '17'], { timeout: 10_000 });
    let total = 0;
    for (const m of stdout.matchAll(/^\s*Size:\s*(\d+)\s*(KB|MB|GB|TB)\s*$/gm)) total += Number(m[1]) * UNIT[m[2]];
    return total > 0 ? Math.round(total) : null;
  } catch {
    return null;
  }
}

/**
 * `total` is MemTotal (usable bytes). `physical_mb` is the installed memory from DMI, which is what Ironic's
 * memory_mb uses; where DMI gives nothing it falls back to MemTotal rounded up to MiB, so the node still gets
 * a memory size. (systeminformation's memLayout does the same dmidecode call but would triple the agent bundle.)
 */
export async function collectMemory(): Promise<InventoryMemory> {
  const meminfo = (await readText('/proc/meminfo')) ?? '';
  const kb = Number(/^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo)?.[1] ?? 0);
  const total = kb * 1024;
  return { total, physical_mb: (await dmiMemoryMb()) ?? Math.ceil(total / MIB) };
}
