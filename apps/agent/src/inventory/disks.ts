import type { InventoryDisk } from '@ferrum/contracts';
import { known, list, readInt, readText, resolved } from './sysfs';

const BLOCK = '/sys/block';
/** Not disks: RAM disks, loop devices, compressed swap, device-mapper and md are built on others. */
const SKIP = /^(ram|loop|zram|dm-|md|sr|fd|nbd)\d*/;

/**
 * Whole disks from /sys/block (what `lsblk` shows as TYPE disk), with the fields IPA's BlockDevice has.
 * Empty devices (size 0) are left out, as IPA does.
 */
export async function collectDisks(sysBlock = BLOCK): Promise<InventoryDisk[]> {
  const byPath = await byPathLinks();
  const disks: InventoryDisk[] = [];
  for (const name of await list(sysBlock)) {
    if (SKIP.test(name)) continue;
    const dir = `${sysBlock}/${name}`;
    const sectors = await readInt(`${dir}/size`);
    if (!sectors) continue;
    const logical = await readInt(`${dir}/queue/logical_block_size`);
    const hctl = (await list(`${dir}/device/scsi_device`))[0] ?? null;
    const wwid = known(await readText(`${dir}/device/wwid`)) ?? known(await readText(`${dir}/wwid`));
    disks.push({
      name: `/dev/${name}`,
      model: known(await readText(`${dir}/device/model`)),
      // /sys/block/*/size counts 512-byte sectors whatever the device's sector size.
      size: sectors * 512,
      rotational: (await readText(`${dir}/queue/rotational`)) === '1',
      wwn: wwid ? wwid.replace(/^naa\./, '0x') : null,
      serial: known(await readText(`${dir}/serial`)) ?? known(await readText(`${dir}/device/serial`)),
      vendor: known(await readText(`${dir}/device/vendor`)),
      wwn_with_extension: wwid ? wwid.replace(/^naa\./, '0x') : null,
      wwn_vendor_extension: null,
      hctl,
      by_path: byPath.get(name) ?? null,
      logical_sectors: logical,
      physical_sectors: await readInt(`${dir}/queue/physical_block_size`),
      tran: await transport(dir),
    });
  }
  return disks;
}

/** /dev/disk/by-path/<link> → device name; only present where udev runs. */
async function byPathLinks(): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const link of await list('/dev/disk/by-path')) {
    const target = await resolved(`/dev/disk/by-path/${link}`);
    const name = target?.replace(/^\/dev\//, '');
    if (name && !map.has(name)) map.set(name, `/dev/disk/by-path/${link}`);
  }
  return map;
}

async function transport(dir: string): Promise<string | null> {
  const device = (await resolved(`${dir}/device`)) ?? '';
  if (/\/nvme/.test(dir) || /nvme/.test(device)) return 'nvme';
  if (/\/usb\d/.test(device)) return 'usb';
  if (/\/ata\d/.test(device)) return 'sata';
  if (/\/virtio\d/.test(device)) return null;
  if (/\/host\d+\//.test(device)) return 'sas';
  return null;
}
