import { execFile } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { deviceSize } from './write-image';
import { PartitionError, SECTOR, addConfigDrivePartition, readPartitionTable, type Partition } from './partition-table';

const run = promisify(execFile);
const MIB = 1024 * 1024;
/** IPA's MAX_CONFIG_DRIVE_SIZE_MB: the config drive partition is this big, and no config drive may be bigger. */
export const CONFIG_DRIVE_MIB = 64;
const LABEL = 'config-2';
/** Text that base64 decoding takes (IPA's b64decode skips the whitespace). */
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]*$/;

/** IPA's DeploymentError: the type Ironic shows in last_error when the config drive cannot be written. */
export class DeploymentError extends Error {}

/**
 * IPA's get_configdrive: a URL is downloaded, and what it gives (or the string itself) is gzipped base64 —
 * or, from a URL, possibly the raw ISO. @throws DeploymentError in IPA's words.
 */
export async function decodeConfigDrive(configdrive: string, nodeUuid: string): Promise<Buffer> {
  const isUrl = /^https?:\/\//i.test(configdrive);
  let data: Buffer;
  if (isUrl) {
    let res: Response;
    try {
      res = await fetch(configdrive);
    } catch (err) {
      throw new DeploymentError(`Can't download the configdrive content for node ${nodeUuid} from '${configdrive}'. Reason: ${(err as Error).message}`);
    }
    if (res.status >= 400) {
      const body = (await res.text()).slice(0, 200);
      throw new DeploymentError(
        `Can't download the configdrive content for node ${nodeUuid} from '${configdrive}'. Got status code ${res.status}, response body ${body}`,
      );
    }
    data = Buffer.from(await res.arrayBuffer());
    // Downloaded bytes that are not base64 are the ISO itself.
    if (!BASE64_TEXT.test(data.toString('latin1'))) return data;
  } else {
    if (!BASE64_TEXT.test(configdrive)) {
      throw new DeploymentError(`Config drive for node ${nodeUuid} is not base64 encoded or the content is malformed.`);
    }
    data = Buffer.from(configdrive, 'latin1');
  }
  try {
    return gunzipSync(Buffer.from(data.toString('latin1'), 'base64'));
  } catch (err) {
    throw new DeploymentError(`Encountered error while decompressing and writing config drive for node ${nodeUuid}. Error: ${(err as Error).message}`);
  }
}

/**
 * IPA's create_config_drive_partition for a whole-disk image: the config drive goes into the partition
 * labelled config-2 if the image has one, else into a new 64 MiB partition at the end of the disk (GPT or MBR).
 * @returns the partition written, e.g. "partition 3 (sectors 20480-151551)"
 */
export async function writeConfigDrive(device: string, configdrive: string, nodeUuid: string): Promise<string> {
  const iso = await decodeConfigDrive(configdrive, nodeUuid);
  const mib = Math.ceil(iso.length / MIB);
  if (mib > CONFIG_DRIVE_MIB) {
    throw new DeploymentError(
      `Config drive size exceeds maximum limit of ${CONFIG_DRIVE_MIB}MiB. Size of the given config drive is ${mib} MiB for node ${nodeUuid}.`,
    );
  }
  const fh = await open(device, 'r+');
  const block = await deviceSize(device);
  const where = `${device} for node ${nodeUuid}`;
  let written: Partition;
  try {
    const size = block ?? (await fh.stat()).size;
    let diskSectors = Math.floor(size / SECTOR);
    let partition: Partition | null;
    try {
      partition = await labelledPartition(fh, diskSectors, where);
      if (!partition) {
        if (block === null) diskSectors = (await growFile(fh)) / SECTOR;
        partition = await addConfigDrivePartition(fh, diskSectors, (CONFIG_DRIVE_MIB * MIB) / SECTOR, where);
      }
    } catch (err) {
      // A refused file-disk is left at the size it had.
      if (block === null) await fh.truncate(size);
      throw err instanceof PartitionError ? new DeploymentError(err.message) : err;
    }
    const room = (partition.last - partition.first + 1) * SECTOR;
    if (iso.length > room) throw new DeploymentError(`The config drive (${iso.length} bytes) does not fit its partition ${partition.number} on ${where} (${room} bytes).`);
    await fh.write(iso, 0, iso.length, partition.first * SECTOR);
    await fh.datasync();
    written = partition;
  } finally {
    await fh.close();
  }
  // The kernel learns of the new partition (IPA's trigger_device_rescan); a file has no kernel view to refresh.
  if (block !== null) await run('blockdev', ['--rereadpt', device]).catch(() => undefined);
  return describe(written);
}

const describe = (p: Partition) => `partition ${p.number} (sectors ${p.first}-${p.last})`;

/**
 * A regular file standing for a disk (the simulator's) is a disk just big enough for its image: it grows by
 * the partition, and a MiB for alignment and the backup GPT. @returns the new size in bytes
 */
async function growFile(fh: FileHandle): Promise<number> {
  const grown = Math.ceil((await fh.stat()).size / MIB) * MIB + (CONFIG_DRIVE_MIB + 1) * MIB;
  await fh.truncate(grown);
  return grown;
}

/** IPA's get_labelled_partition: the partition whose filesystem is labelled config-2 (ISO 9660 or FAT), if any. */
async function labelledPartition(fh: FileHandle, diskSectors: number, where: string): Promise<Partition | null> {
  const table = await readPartitionTable(fh, diskSectors);
  const found: Partition[] = [];
  for (const p of table?.partitions ?? []) if ((await filesystemLabel(fh, p.first * SECTOR))?.toLowerCase() === LABEL) found.push(p);
  if (found.length > 1) {
    throw new DeploymentError(`More than one partition with label "${LABEL}" exists on device ${where}: partitions ${found.map((p) => p.number).join(' and ')}.`);
  }
  return found[0] ?? null;
}

async function filesystemLabel(fh: FileHandle, offset: number): Promise<string | null> {
  const pvd = Buffer.alloc(2048);
  await fh.read(pvd, 0, pvd.length, offset + 16 * 2048);
  if (pvd[0] === 1 && pvd.toString('latin1', 1, 6) === 'CD001') return pvd.toString('latin1', 40, 72).trim();
  const boot = Buffer.alloc(SECTOR);
  await fh.read(boot, 0, SECTOR, offset);
  if (boot.toString('latin1', 0x52, 0x57) === 'FAT32') return boot.toString('latin1', 0x47, 0x52).trim();
  if (boot.toString('latin1', 0x36, 0x39) === 'FAT') return boot.toString('latin1', 0x2b, 0x36).trim();
  return null;
}
