import type { Inventory, InventoryDisk } from '@ferrum/contracts';
import { constants } from 'node:fs';
import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { defaultRootDisk } from '../inventory';
import { ImageError } from './checksum';

type Hints = Record<string, unknown>;
const GIB = 1024 ** 3;
const run = promisify(execFile);

/**
 * The disk to install on (IPA's get_os_install_device): the configured target when there is one (tests and
 * benches write to a file or loop device), else the first disk matching the node's root device hints
 * (instance_info.root_device, then properties.root_device), else the smallest disk of at least 4 GiB.
 */
export function installDevice(inventory: Pick<Inventory, 'disks'>, node: { instance_info?: Hints; properties?: Hints } | undefined, configured?: string): string {
  if (configured) return configured;
  const hints = (node?.instance_info?.root_device ?? node?.properties?.root_device) as Hints | undefined;
  if (hints && Object.keys(hints).length) {
    const found = inventory.disks.find((d) => matches(d, hints));
    if (!found) throw new ImageError(`No disk matches the root device hints ${JSON.stringify(hints)}`);
    return found.name;
  }
  const disk = defaultRootDisk(inventory);
  if (!disk) throw new ImageError('No suitable device was found for deployment: no disk of at least 4 GiB');
  return disk.name;
}

/** Root device hints as IPA reads them: plain equality, sizes in GiB, `s==`/`<in>` style operators left out. */
function matches(disk: InventoryDisk, hints: Hints): boolean {
  return Object.entries(hints).every(([key, want]) => {
    const w = typeof want === 'string' ? want.replace(/^s== /, '') : want;
    switch (key) {
      case 'size':
        return Math.floor(disk.size / GIB) === Number(String(w).replace(/^(==|>=|<=) ?/, ''));
      case 'rotational':
        return disk.rotational === (w === true || w === 'true' || w === '1');
      case 'name':
        return disk.name === w || disk.name === `/dev/${String(w)}`;
      default: {
        const have = (disk as Record<string, unknown>)[key];
        return (typeof have === 'string' || typeof have === 'number') && String(have).toLowerCase() === String(w).toLowerCase();
      }
    }
  });
}

/** Size of a device or file in bytes. */
export async function sizeOf(path: string): Promise<number> {
  const st = await stat(path);
  if (st.isFile()) return st.size;
  const { stdout } = await run('blockdev', ['--getsize64', path]);
  return Number(stdout.trim());
}

/**
 * erase_devices_metadata: zeroes the first and last MiB of the device, where partition tables (MBR, GPT
 * and its backup), RAID superblocks and most file-system signatures live, as `wipefs` plus a GPT zap do.
 */
export async function eraseMetadata(path: string): Promise<{ device: string; erased: number }> {
  const size = await sizeOf(path);
  const span = Math.min(1024 * 1024, size);
  const zeros = Buffer.alloc(span);
  const fh = await open(path, constants.O_WRONLY);
  try {
    await fh.write(zeros, 0, span, 0);
    if (size > span) await fh.write(zeros, 0, Math.min(span, size - span), Math.max(span, size - span));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  return { device: path, erased: size > span ? span * 2 : span };
}
