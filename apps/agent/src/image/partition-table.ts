import { randomUUID } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** Partition tables are addressed in 512-byte logical sectors here (what disk images and most disks use). */
export const SECTOR = 512;
const MIB_SECTORS = (1024 * 1024) / SECTOR;
const GPT_SIGNATURE = 'EFI PART';
/** sgdisk's default type (8300, "Linux filesystem"), which IPA's `sgdisk -n` gives the config drive partition. */
const LINUX_FILESYSTEM = '0fc63daf-8483-4772-8e79-3d69d8477de4';
/** What `parted mkpart primary fat32` writes for a partition addressed by LBA. */
const MBR_FAT32_LBA = 0x0c;
const MBR_EXTENDED = [0x05, 0x0f, 0x85];
/** The most an MBR can address (IPA's MAX_DISK_SIZE_MB_SUPPORTED_BY_MBR, 2 TiB). */
const MBR_LIMIT_SECTORS = 2097152 * MIB_SECTORS;

export interface Partition {
  number: number;
  /** First and last sector, inclusive. */
  first: number;
  last: number;
}

export interface PartitionTable {
  type: 'gpt' | 'mbr';
  partitions: Partition[];
}

export class PartitionError extends Error {}

/** What the disk holds at sector 0/1: a GPT (protective MBR + header), an MBR, or nothing IPA could partition. */
export async function readPartitionTable(fh: FileHandle, diskSectors: number): Promise<PartitionTable | null> {
  const gpt = await readGpt(fh, diskSectors);
  if (gpt) {
    const partitions = gpt.entries.map((e, i) => ({ number: i + 1, first: e.first, last: e.last, empty: e.empty }));
    return { type: 'gpt', partitions: partitions.filter((p) => !p.empty).map(({ number, first, last }) => ({ number, first, last })) };
  }
  const mbr = await readSectors(fh, 0, 1);
  if (mbr[510] !== 0x55 || mbr[511] !== 0xaa) return null;
  return { type: 'mbr', partitions: mbrEntries(mbr).filter((e) => e.type !== 0).map((e) => ({ number: e.slot + 1, first: e.first, last: e.first + e.sectors - 1 })) };
}

/**
 * Adds the config drive partition where IPA puts it: the last `sizeSectors` of the disk (GPT: of its usable
 * area, after moving the backup GPT to the real end of the disk, as `sgdisk -e` does; MBR: of the disk, or of
 * the first 2 TiB on a larger one), aligned to 1 MiB. @throws PartitionError in IPA's words when it cannot.
 */
export async function addConfigDrivePartition(fh: FileHandle, diskSectors: number, sizeSectors: number, where: string): Promise<Partition> {
  const gpt = await readGpt(fh, diskSectors);
  if (gpt) return addGptPartition(fh, gpt, diskSectors, sizeSectors, where);
  return addMbrPartition(fh, diskSectors, sizeSectors, where);
}

interface GptEntry {
  raw: Buffer;
  first: number;
  last: number;
  empty: boolean;
}

interface Gpt {
  header: Buffer;
  entriesLba: number;
  entryCount: number;
  entrySize: number;
  entries: GptEntry[];
}

async function readGpt(fh: FileHandle, diskSectors: number): Promise<Gpt | null> {
  if (diskSectors < 3) return null;
  const header = await readSectors(fh, 1, 1);
  if (header.toString('latin1', 0, 8) !== GPT_SIGNATURE) return null;
  const headerSize = header.readUInt32LE(12);
  const entriesLba = Number(header.readBigUInt64LE(72));
  const entryCount = header.readUInt32LE(80);
  const entrySize = header.readUInt32LE(84);
  if (headerSize < 92 || headerSize > SECTOR || entrySize < 128 || entryCount === 0 || entryCount * entrySize > 1024 * 1024) return null;
  const table = await readSectors(fh, entriesLba, Math.ceil((entryCount * entrySize) / SECTOR));
  const entries: GptEntry[] = [];
  for (let i = 0; i < entryCount; i++) {
    const raw = Buffer.from(table.subarray(i * entrySize, (i + 1) * entrySize));
    entries.push({ raw, first: Number(raw.readBigUInt64LE(32)), last: Number(raw.readBigUInt64LE(40)), empty: raw.subarray(0, 16).every((b) => b === 0) });
  }
  return { header: header.subarray(0, headerSize), entriesLba, entryCount, entrySize, entries };
}

async function addGptPartition(fh: FileHandle, gpt: Gpt, diskSectors: number, sizeSectors: number, where: string): Promise<Partition> {
  const entriesSectors = Math.ceil((gpt.entryCount * gpt.entrySize) / SECTOR);
  // The backup GPT goes to the real end of the disk (a whole-disk image written to a larger disk leaves it at the
  // image's end), which frees the space behind the image for the new partition.
  const backupLba = diskSectors - 1;
  const backupEntriesLba = backupLba - entriesSectors;
  const lastUsable = backupEntriesLba - 1;
  const firstUsable = Number(gpt.header.readBigUInt64LE(40));
  const slot = gpt.entries.findIndex((e) => e.empty);
  if (slot < 0) throw new PartitionError(`Disk partitioning failed on device ${where}: its GPT has no free partition entry for the config drive.`);
  const first = alignDown(lastUsable + 1 - sizeSectors, MIB_SECTORS);
  const usedUpTo = Math.max(firstUsable - 1, ...gpt.entries.filter((e) => !e.empty).map((e) => e.last));
  if (first <= usedUpTo) throw noRoom(where, sizeSectors);

  const entry = Buffer.alloc(gpt.entrySize);
  guidBytes(LINUX_FILESYSTEM).copy(entry, 0);
  guidBytes(randomUUID()).copy(entry, 16);
  entry.writeBigUInt64LE(BigInt(first), 32);
  entry.writeBigUInt64LE(BigInt(lastUsable), 40);
  gpt.entries[slot] = { raw: entry, first, last: lastUsable, empty: false };
  const table = Buffer.concat(gpt.entries.map((e) => e.raw));
  const padded = Buffer.alloc(entriesSectors * SECTOR);
  table.copy(padded);

  const primary = Buffer.from(gpt.header);
  primary.writeBigUInt64LE(1n, 24);
  primary.writeBigUInt64LE(BigInt(backupLba), 32);
  primary.writeBigUInt64LE(BigInt(lastUsable), 48);
  primary.writeUInt32LE(crc32(table), 88);
  const backup = Buffer.from(primary);
  backup.writeBigUInt64LE(BigInt(backupLba), 24);
  backup.writeBigUInt64LE(1n, 32);
  backup.writeBigUInt64LE(BigInt(backupEntriesLba), 72);
  for (const header of [primary, backup]) {
    header.writeUInt32LE(0, 16);
    header.writeUInt32LE(crc32(header), 16);
  }

  // Backup first, primary last: until the primary is rewritten, the old table stays the one that counts.
  await writeSectors(fh, backupEntriesLba, padded);
  await writeSectors(fh, backupLba, sector(backup));
  await writeSectors(fh, gpt.entriesLba, padded);
  await writeSectors(fh, 1, sector(primary));
  await fixProtectiveMbr(fh, diskSectors);
  return { number: slot + 1, first, last: lastUsable };
}

/** The protective MBR covers the whole disk (up to what 32 bits can say), as after `sgdisk -e`. */
async function fixProtectiveMbr(fh: FileHandle, diskSectors: number): Promise<void> {
  const mbr = await readSectors(fh, 0, 1);
  const entry = mbrEntries(mbr).find((e) => e.type === 0xee);
  if (!entry) return;
  mbr.writeUInt32LE(Math.min(diskSectors - 1, 0xffffffff), 446 + entry.slot * 16 + 12);
  await writeSectors(fh, 0, mbr);
}

interface MbrEntry {
  slot: number;
  type: number;
  first: number;
  sectors: number;
}

function mbrEntries(mbr: Buffer): MbrEntry[] {
  return [0, 1, 2, 3].map((slot) => {
    const at = 446 + slot * 16;
    return { slot, type: mbr[at + 4], first: mbr.readUInt32LE(at + 8), sectors: mbr.readUInt32LE(at + 12) };
  });
}

async function addMbrPartition(fh: FileHandle, diskSectors: number, sizeSectors: number, where: string): Promise<Partition> {
  const mbr = await readSectors(fh, 0, 1);
  if (mbr[510] !== 0x55 || mbr[511] !== 0xaa) {
    throw new PartitionError(
      `Failed to check the number of primary partitions present on ${where}. Error: The device ${where} does not have a valid MBR partition table`,
    );
  }
  const entries = mbrEntries(mbr);
  // A protective MBR whose GPT was not found at 512-byte sectors (a 4Kn disk, or a damaged GPT): writing an MBR
  // entry there would corrupt the disk.
  if (entries.some((e) => e.type === 0xee)) {
    throw new PartitionError(`Disk partitioning failed on device ${where}: it has a protective MBR but no GPT readable with 512-byte sectors.`);
  }
  const used = entries.filter((e) => e.type !== 0);
  const primaries = used.filter((e) => !MBR_EXTENDED.includes(e.type)).length;
  // IPA counts primary partitions only; a fourth slot taken by an extended partition is still a full table.
  if (primaries > 3 || used.length === 4) {
    throw new PartitionError(`Config drive cannot be created on ${where}. The disk uses MBR partitioning and already has ${used.length} primary partitions.`);
  }
  // An MBR addresses 2 TiB: on a larger disk the partition ends there, as IPA does.
  const end = Math.min(diskSectors, MBR_LIMIT_SECTORS - MIB_SECTORS) - 1;
  const first = alignDown(end + 1 - sizeSectors, MIB_SECTORS);
  const usedUpTo = Math.max(0, ...used.map((e) => e.first + e.sectors - 1));
  if (first <= usedUpTo) throw noRoom(where, sizeSectors);
  const slot = entries.find((e) => e.type === 0)!.slot;
  const at = 446 + slot * 16;
  mbr.fill(0, at, at + 16);
  // CHS fields say "use the LBA fields", as partitioners do for anything past the first 8 GiB.
  mbr.set([0xfe, 0xff, 0xff], at + 1);
  mbr[at + 4] = MBR_FAT32_LBA;
  mbr.set([0xfe, 0xff, 0xff], at + 5);
  mbr.writeUInt32LE(first, at + 8);
  mbr.writeUInt32LE(end - first + 1, at + 12);
  await writeSectors(fh, 0, mbr);
  return { number: slot + 1, first, last: end };
}

function noRoom(where: string, sizeSectors: number): PartitionError {
  const mib = (sizeSectors * SECTOR) / (1024 * 1024);
  return new PartitionError(`Disk partitioning failed on device ${where}: there are not ${mib} MiB free at the end of the disk for the config drive partition.`);
}

/** A GUID as GPT stores it: the first three fields little-endian, the rest as written. */
function guidBytes(uuid: string): Buffer {
  const hex = Buffer.from(uuid.replace(/-/g, ''), 'hex');
  const out = Buffer.from(hex);
  out.writeUInt32LE(hex.readUInt32BE(0), 0);
  out.writeUInt16LE(hex.readUInt16BE(4), 4);
  out.writeUInt16LE(hex.readUInt16BE(6), 6);
  return out;
}

const alignDown = (value: number, to: number) => Math.floor(value / to) * to;
const sector = (data: Buffer) => Buffer.concat([data, Buffer.alloc(SECTOR - data.length)]);

async function readSectors(fh: FileHandle, lba: number, count: number): Promise<Buffer> {
  const buf = Buffer.alloc(count * SECTOR);
  await fh.read(buf, 0, buf.length, lba * SECTOR);
  return buf;
}

async function writeSectors(fh: FileHandle, lba: number, data: Buffer): Promise<void> {
  await fh.write(data, 0, data.length, lba * SECTOR);
}
