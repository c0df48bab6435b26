/**
 * A small ISO 9660 (ECMA-119) writer with a Joliet tree: enough for an OpenStack config drive, which Ironic
 * makes with `genisoimage -J -l -allow-lowercase -allow-multidot -V config-2`, without running any program.
 * No Rock Ridge: Linux and cloud-init read the Joliet tree, which keeps names as given.
 *
 * Layout, in 2048-byte sectors: 0-15 system area (empty), 16 primary volume descriptor, 17 Joliet
 * supplementary volume descriptor, 18 terminator, then the path tables (L and M for each tree), the
 * directories of the primary tree, those of the Joliet tree, and last the file data, which both trees share.
 */

export interface IsoFile {
  /** Slash-separated path inside the image, e.g. `openstack/latest/meta_data.json`; directories are implied. */
  path: string;
  data: Buffer;
}

export interface IsoOptions {
  publisher?: string;
  /** Recording date of every file, directory and volume descriptor (default: now). */
  now?: Date;
}

const SECTOR = 2048;
const FIRST_FREE_SECTOR = 19; // after the system area and the three volume descriptors
/** Joliet allows 64 UCS-2 characters per name; genisoimage refuses longer ones without -joliet-long. */
const JOLIET_MAX_NAME = 64;

interface Directory {
  name: string;
  dirs: Map<string, Directory>;
  files: Map<string, FileEntry>;
}

interface FileEntry {
  data: Buffer;
  lba: number;
}

/** How one tree spells its identifiers: the primary tree in 8-bit characters, Joliet in UCS-2 big-endian. */
interface Flavour {
  spell: (name: string, isFile: boolean) => string;
  /** Appended to file identifiers after sorting: ISO 9660 files carry a version number, Joliet ones need not. */
  fileVersion: string;
  encode: (text: string) => Buffer;
  /** Directory record order, as genisoimage sorts this tree (directories and files together). */
  compare: (a: string, b: string) => number;
  /** Fills a text field of a volume descriptor (a-characters padded with spaces, or UCS-2 spaces). */
  field: (target: Buffer, offset: number, length: number, text: string) => void;
}

const PRIMARY: Flavour = {
  // Names stay as given (lowercase, several dots), as with -allow-lowercase -allow-multidot; only what 8-bit
  // identifiers cannot hold is replaced. A file needs its '.' separator (user_data → `user_data.;1`).
  spell: (name, isFile) => {
    const safe = name.replace(/[^!-~]|;/g, '_');
    return isFile && !safe.includes('.') ? `${safe}.` : safe;
  },
  fileVersion: ';1',
  encode: (text) => Buffer.from(text, 'latin1'),
  compare: compareIso9660,
  field: (target, offset, length, text) => {
    target.fill(' ', offset, offset + length, 'latin1');
    target.write(text.slice(0, length), offset, 'latin1');
  },
};

const JOLIET: Flavour = {
  // Joliet forbids control characters and * / : ; ? \ in names.
  spell: (name) => [...name].map((c) => (c < ' ' || '*/:;?\\'.includes(c) ? '_' : c)).join(''),
  fileVersion: '',
  encode: (text) => Buffer.from(text, 'utf16le').swap16(),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0), // UCS-2 code units, which JavaScript strings compare by
  field: (target, offset, length, text) => {
    const encoded = JOLIET.encode(text.slice(0, Math.floor(length / 2)));
    for (let at = offset; at + 1 < offset + length; at += 2) target.writeUInt16BE(0x20, at);
    encoded.copy(target, offset);
  },
};

/** One directory of one tree, placed on the image. */
interface PlacedDirectory {
  dir: Directory;
  /** 1-based position in the path table, which records point at their parents by. */
  number: number;
  parent: PlacedDirectory;
  identifier: Buffer;
  /** Records after `.` and `..`, in ISO 9660 order. */
  children: { identifier: Buffer; target: Directory | FileEntry }[];
  recordOffsets: number[];
  size: number;
  lba: number;
}

interface Tree {
  flavour: Flavour;
  /** Path table order: by level, then by parent, then by name; the root first. */
  dirs: PlacedDirectory[];
  placed: Map<Directory, PlacedDirectory>;
  pathTableSize: number;
  lPathTable: number;
  mPathTable: number;
}

export function buildIso9660(volumeId: string, files: IsoFile[], options: IsoOptions = {}): Buffer {
  if (volumeId.length > 16) throw new Error(`Volume id "${volumeId}" is longer than Joliet's 16 characters`);
  const now = options.now ?? new Date();
  const { root, entries } = buildTree(files);
  const trees = [layOutTree(root, PRIMARY), layOutTree(root, JOLIET)];

  let nextSector = FIRST_FREE_SECTOR;
  const allocate = (bytes: number) => {
    const lba = nextSector;
    nextSector += Math.ceil(bytes / SECTOR);
    return lba;
  };
  for (const tree of trees) {
    tree.lPathTable = allocate(tree.pathTableSize);
    tree.mPathTable = allocate(tree.pathTableSize);
  }
  for (const tree of trees) for (const placed of tree.dirs) placed.lba = allocate(placed.size);
  // An empty file owns no sector; it points at sector 0 rather than past the end of the image.
  for (const entry of entries) entry.lba = entry.data.length ? allocate(entry.data.length) : 0;

  const image = Buffer.alloc(nextSector * SECTOR);
  const publisher = options.publisher ?? '';
  volumeDescriptor(trees[0], 1, volumeId, publisher, nextSector, now).copy(image, 16 * SECTOR);
  volumeDescriptor(trees[1], 2, volumeId, publisher, nextSector, now).copy(image, 17 * SECTOR);
  terminator().copy(image, 18 * SECTOR);
  for (const tree of trees) {
    pathTable(tree, false).copy(image, tree.lPathTable * SECTOR);
    pathTable(tree, true).copy(image, tree.mPathTable * SECTOR);
    for (const placed of tree.dirs) writeDirectory(image, tree, placed, now);
  }
  for (const entry of entries) entry.data.copy(image, entry.lba * SECTOR);
  return image;
}

function buildTree(files: IsoFile[]): { root: Directory; entries: FileEntry[] } {
  const newDirectory = (name: string): Directory => ({ name, dirs: new Map(), files: new Map() });
  const root = newDirectory('');
  const entries = files.map(({ path, data }) => {
    const parts = path.replace(/^\/+/, '').split('/');
    if (parts.some((part) => part === '' || part === '.' || part === '..')) throw new Error(`Invalid path in the image: "${path}"`);
    if (parts.some((part) => part.length > JOLIET_MAX_NAME)) throw new Error(`A name in "${path}" exceeds ${JOLIET_MAX_NAME} characters`);
    const name = parts.pop() as string;
    let dir = root;
    for (const part of parts) {
      if (dir.files.has(part)) throw new Error(`"${path}" goes through the file "${part}"`);
      const sub = dir.dirs.get(part) ?? newDirectory(part);
      dir.dirs.set(part, sub);
      dir = sub;
    }
    if (dir.files.has(name) || dir.dirs.has(name)) throw new Error(`"${path}" is in the image twice`);
    const entry: FileEntry = { data, lba: 0 };
    dir.files.set(name, entry);
    return entry;
  });
  return { root, entries };
}

/** Sorts and measures one tree's directories; sectors are allocated once both trees are measured. */
function layOutTree(root: Directory, flavour: Flavour): Tree {
  const tree: Tree = { flavour, dirs: [], placed: new Map(), pathTableSize: 0, lPathTable: 0, mPathTable: 0 };
  const place = (dir: Directory, parent: PlacedDirectory | undefined, identifier: Buffer) => {
    const placed = { dir, number: tree.dirs.length + 1, identifier, lba: 0 } as PlacedDirectory;
    placed.parent = parent ?? placed; // the root is its own parent
    tree.dirs.push(placed);
    tree.placed.set(dir, placed);
    tree.pathTableSize += pathTableRecordLength(identifier.length);
  };
  place(root, undefined, Buffer.from([0]));
  // Breadth first, each directory's subdirectories sorted: exactly the order path tables require.
  for (let i = 0; i < tree.dirs.length; i++) {
    const placed = tree.dirs[i];
    const named = [
      ...[...placed.dir.dirs.values()].map((target) => ({ key: flavour.spell(target.name, false), isFile: false, target })),
      ...[...placed.dir.files].map(([name, target]) => ({ key: flavour.spell(name, true), isFile: true, target })),
    ].sort((a, b) => flavour.compare(a.key, b.key));
    named.forEach((entry, at) => {
      if (at > 0 && named[at - 1].key === entry.key) throw new Error(`Two names in one directory are both spelled "${entry.key}"`);
    });
    placed.children = named.map(({ key, isFile, target }) => ({ identifier: flavour.encode(isFile ? key + flavour.fileVersion : key), target }));
    for (const { identifier, target } of placed.children) if (!isFileEntry(target)) place(target, placed, identifier);
    const lengths = [1, 1, ...placed.children.map((child) => child.identifier.length)].map(directoryRecordLength);
    Object.assign(placed, layOutRecords(lengths));
  }
  return tree;
}

const isFileEntry = (target: Directory | FileEntry): target is FileEntry => 'data' in target;

/**
 * ECMA-119 9.3 order: by name, then by extension, the shorter one padded with spaces. The name ends at the
 * first dot, which gives genisoimage's order for names with several dots.
 */
function compareIso9660(a: string, b: string): number {
  const [aName, aExtension] = splitAtFirstDot(a);
  const [bName, bExtension] = splitAtFirstDot(b);
  return comparePadded(aName, bName) || comparePadded(aExtension, bExtension);
}

function splitAtFirstDot(identifier: string): [string, string] {
  const dot = identifier.indexOf('.');
  return dot >= 0 ? [identifier.slice(0, dot), identifier.slice(dot + 1)] : [identifier, ''];
}

function comparePadded(a: string, b: string): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (i < a.length ? a.charCodeAt(i) : 0x20) - (i < b.length ? b.charCodeAt(i) : 0x20);
    if (difference) return difference;
  }
  return 0;
}

/** A record's length is even: 33 fixed bytes, the identifier, and a pad byte after an even-length identifier. */
const directoryRecordLength = (identifierLength: number) => 33 + identifierLength + (identifierLength % 2 === 0 ? 1 : 0);
const pathTableRecordLength = (identifierLength: number) => 8 + identifierLength + (identifierLength % 2);

/** Records may not cross a sector boundary (ECMA-119 6.8.1.1): one that does not fit starts the next sector. */
function layOutRecords(lengths: number[]): { recordOffsets: number[]; size: number } {
  let offset = 0;
  const recordOffsets = lengths.map((length) => {
    if ((offset % SECTOR) + length > SECTOR) offset = Math.ceil(offset / SECTOR) * SECTOR;
    offset += length;
    return offset - length;
  });
  return { recordOffsets, size: Math.ceil(offset / SECTOR) * SECTOR };
}

function writeDirectory(image: Buffer, tree: Tree, placed: PlacedDirectory, now: Date): void {
  const records = [
    directoryRecord(Buffer.from([0]), placed.lba, placed.size, true, now), // "."
    directoryRecord(Buffer.from([1]), placed.parent.lba, placed.parent.size, true, now), // ".."
    ...placed.children.map(({ identifier, target }) => {
      if (isFileEntry(target)) return directoryRecord(identifier, target.lba, target.data.length, false, now);
      const sub = tree.placed.get(target) as PlacedDirectory;
      return directoryRecord(identifier, sub.lba, sub.size, true, now);
    }),
  ];
  records.forEach((record, i) => record.copy(image, placed.lba * SECTOR + placed.recordOffsets[i]));
}

function directoryRecord(identifier: Buffer, lba: number, size: number, isDirectory: boolean, date: Date): Buffer {
  const record = Buffer.alloc(directoryRecordLength(identifier.length));
  record[0] = record.length;
  bothEndian32(record, 2, lba);
  bothEndian32(record, 10, size);
  recordingDate(record, 18, date);
  record[25] = isDirectory ? 0x02 : 0x00; // file flags
  bothEndian16(record, 28, 1); // volume sequence number
  record[32] = identifier.length;
  identifier.copy(record, 33);
  return record;
}

/** Path tables let a reader find a directory without walking the tree; L is little-endian, M big-endian. */
function pathTable(tree: Tree, bigEndian: boolean): Buffer {
  return Buffer.concat(
    tree.dirs.map(({ identifier, lba, parent }) => {
      const record = Buffer.alloc(pathTableRecordLength(identifier.length));
      record[0] = identifier.length;
      if (bigEndian) {
        record.writeUInt32BE(lba, 2);
        record.writeUInt16BE(parent.number, 6);
      } else {
        record.writeUInt32LE(lba, 2);
        record.writeUInt16LE(parent.number, 6);
      }
      identifier.copy(record, 8);
      return record;
    }),
  );
}

/** Type 1 is the primary volume descriptor, type 2 the supplementary one that Joliet's escape sequence marks. */
function volumeDescriptor(tree: Tree, type: 1 | 2, volumeId: string, publisher: string, volumeSectors: number, now: Date): Buffer {
  const descriptor = Buffer.alloc(SECTOR);
  const field = tree.flavour.field;
  descriptor[0] = type;
  descriptor.write('CD001', 1, 'latin1');
  descriptor[6] = 1; // descriptor version
  field(descriptor, 8, 32, ''); // system id
  field(descriptor, 40, 32, volumeId);
  bothEndian32(descriptor, 80, volumeSectors);
  if (type === 2) descriptor.write('%/E', 88, 'latin1'); // UCS-2 level 3
  bothEndian16(descriptor, 120, 1); // volume set size
  bothEndian16(descriptor, 124, 1); // volume sequence number
  bothEndian16(descriptor, 128, SECTOR);
  bothEndian32(descriptor, 132, tree.pathTableSize);
  descriptor.writeUInt32LE(tree.lPathTable, 140);
  descriptor.writeUInt32BE(tree.mPathTable, 148);
  const root = tree.dirs[0];
  directoryRecord(Buffer.from([0]), root.lba, root.size, true, now).copy(descriptor, 156);
  field(descriptor, 190, 128, ''); // volume set id
  field(descriptor, 318, 128, publisher);
  field(descriptor, 446, 128, ''); // data preparer
  field(descriptor, 574, 128, ''); // application
  for (const offset of [702, 739, 776]) field(descriptor, offset, 37, ''); // copyright, abstract, bibliographic files
  volumeDate(descriptor, 813, now); // creation (blkid derives the filesystem UUID from it)
  volumeDate(descriptor, 830, now); // modification
  volumeDate(descriptor, 847, undefined); // expiration: never
  volumeDate(descriptor, 864, now); // effective
  descriptor[881] = 1; // file structure version
  return descriptor;
}

function terminator(): Buffer {
  const descriptor = Buffer.alloc(SECTOR);
  descriptor[0] = 255;
  descriptor.write('CD001', 1, 'latin1');
  descriptor[6] = 1;
  return descriptor;
}

/** Directory records date to the second: years since 1900, month, day, hour, minute, second, UTC offset. */
function recordingDate(target: Buffer, offset: number, date: Date): void {
  const parts = [date.getUTCFullYear() - 1900, date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), 0];
  Buffer.from(parts).copy(target, offset);
}

/** Volume descriptors spell dates as "YYYYMMDDHHMMSScc" plus a UTC offset byte; all zeros means "not set". */
function volumeDate(target: Buffer, offset: number, date: Date | undefined): void {
  const digits = date ? date.toISOString().replace(/\D/g, '').slice(0, 16) : '0'.repeat(16);
  target.write(digits, offset, 'latin1');
  target[offset + 16] = 0;
}

/** ISO 9660 stores most numbers twice, little-endian then big-endian, so that any machine reads them directly. */
function bothEndian32(target: Buffer, offset: number, value: number): void {
  target.writeUInt32LE(value, offset);
  target.writeUInt32BE(value, offset + 4);
}

function bothEndian16(target: Buffer, offset: number, value: number): void {
  target.writeUInt16LE(value, offset);
  target.writeUInt16BE(value, offset + 2);
}
