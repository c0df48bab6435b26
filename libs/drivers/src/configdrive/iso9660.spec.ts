import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIso9660, type IsoFile } from './iso9660';

// Every image is read back by independent readers (util-linux's blkid, cdrkit's isoinfo), not by our own code.
const dir = mkdtempSync(join(tmpdir(), 'ferrum-iso9660-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let imageCount = 0;
function writeImage(files: IsoFile[], options = {}): string {
  const file = join(dir, `image-${++imageCount}.iso`);
  writeFileSync(file, buildIso9660('config-2', files, { publisher: 'metalsmith', ...options }));
  return file;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { maxBuffer: 64 << 20 });
const isoinfo = (...args: string[]) => run('isoinfo', args).toString('latin1');
const lines = (text: string) => text.split('\n').filter(Boolean);
interface Listed {
  name: string;
  size: number;
  lba: number;
}
/** isoinfo -l (-J -l for Joliet): per "Directory listing of /a/" heading, each record's name and size. */
function listing(file: string, joliet = false): Map<string, Listed[]> {
  const directories = new Map<string, Listed[]>();
  let current: Listed[] = [];
  for (const line of lines(run('isoinfo', [...(joliet ? ['-J'] : []), '-l', '-i', file]).toString('utf8'))) {
    const heading = /^Directory listing of (.*)$/.exec(line);
    const record = /^\S+\s+\d+\s+\d+\s+\d+\s+(\d+) .*\[\s*(\d+) \d+\]\s+(.*?)\s*$/.exec(line);
    if (heading) directories.set(heading[1], (current = []));
    else if (record) current.push({ name: record[3], size: Number(record[1]), lba: Number(record[2]) });
  }
  return directories;
}
const names = (file: string, directory: string, joliet = false) => listing(file, joliet).get(directory)?.map(({ name }) => name);

/**
 * The path tables (which isoinfo and Linux do not use, but other readers do), checked against isoinfo's view
 * of the tree: L and M tables agree, and each record names a directory at the extent isoinfo lists it at.
 */
function expectPathTablesMatch(file: string, image: Buffer, joliet: boolean): void {
  const descriptor = image.subarray((joliet ? 17 : 16) * 2048);
  const size = descriptor.readUInt32LE(132);
  const read = (lba: number, bigEndian: boolean) => {
    const table = image.subarray(lba * 2048, lba * 2048 + size);
    const records: { path: string; lba: number; parent: number }[] = [];
    for (let at = 0; at < size; ) {
      const idLength = table[at];
      const identifier = table.subarray(at + 8, at + 8 + idLength);
      const parent = bigEndian ? table.readUInt16BE(at + 6) : table.readUInt16LE(at + 6);
      const name = () => (joliet ? Buffer.from(identifier).swap16().toString('utf16le') : identifier.toString('latin1'));
      const path = records.length === 0 ? '/' : `${records[parent - 1].path}${name()}/`; // the root's identifier is one 0 byte
      records.push({ path, lba: bigEndian ? table.readUInt32BE(at + 2) : table.readUInt32LE(at + 2), parent });
      at += 8 + idLength + (idLength % 2);
    }
    return records;
  };
  const little = read(descriptor.readUInt32LE(140), false);
  expect(read(descriptor.readUInt32BE(148), true)).toEqual(little);
  const tree = listing(file, joliet);
  expect(little.map(({ path }) => path)).toEqual([...tree.keys()]); // isoinfo lists directories breadth first too
  for (const { path, lba } of little) expect(tree.get(path)?.[0]).toMatchObject({ name: '.', lba });
}

/** pycdlib (which Ironic itself depends on) reads every file of both trees: a third, stricter reader. */
function readWithPycdlib(file: string): Record<'iso_path' | 'joliet_path', Record<string, string>> {
  const script = `
import io, json, sys, pycdlib
iso = pycdlib.PyCdlib()
iso.open(sys.argv[1])
trees = {}
for kind in ('iso_path', 'joliet_path'):
    files = trees[kind] = {}
    for directory, _, names in iso.walk(**{kind: '/'}):
        for name in names:
            path = directory.rstrip('/') + '/' + name
            out = io.BytesIO()
            iso.get_file_from_iso_fp(out, **{kind: path})
            files[path] = out.getvalue().decode('latin-1')
print(json.dumps(trees))
`;
  return JSON.parse(run('/usr/bin/python3', ['-c', script, file]).toString());
}

const now = new Date('2021-03-04T05:06:07.890Z');
const metaData = Buffer.from('{"uuid": "x"}');
const userData = Buffer.from('#cloud-config\n');
const small: IsoFile[] = [
  { path: 'openstack/latest/user_data', data: userData },
  { path: 'openstack/latest/meta_data.json', data: metaData },
  { path: 'openstack/2012-08-10/meta_data.json', data: metaData },
];

describe('buildIso9660', () => {
  it('is found by blkid as an iso9660 filesystem labelled config-2, as cloud-init looks for it', () => {
    const file = writeImage(small, { now });
    const probe = run('blkid', ['-p', '-o', 'export', file]).toString();
    expect(probe).toContain('TYPE=iso9660\n');
    expect(probe).toContain('LABEL=config-2\n');
    expect(probe).toContain('PUBLISHER_ID=metalsmith\n');
    expect(probe).toContain('UUID=2021-03-04-05-06-07-89\n'); // the creation date, to the centisecond
  });

  it('carries the volume id, a Joliet descriptor and the volume size isoinfo expects', () => {
    const file = writeImage(small, { now });
    const info = isoinfo('-d', '-i', file);
    expect(info).toContain('Volume id: config-2\n');
    expect(info).toContain('Publisher id: metalsmith\n');
    expect(info).toContain('Logical block size is: 2048\n');
    expect(info).toContain('Joliet with UCS level 3 found');
    const size = run('stat', ['-c', '%s', file]).toString().trim();
    expect(info).toContain(`Volume size is: ${Number(size) / 2048}\n`);
  });

  it('lists and extracts the files through the Joliet tree under their own names', () => {
    const file = writeImage(small, { now });
    expect(lines(isoinfo('-J', '-f', '-i', file))).toEqual([
      '/openstack',
      '/openstack/2012-08-10',
      '/openstack/latest',
      '/openstack/2012-08-10/meta_data.json',
      '/openstack/latest/meta_data.json',
      '/openstack/latest/user_data',
    ]);
    expect(run('isoinfo', ['-J', '-x', '/openstack/latest/meta_data.json', '-i', file])).toEqual(metaData);
    expect(run('isoinfo', ['-J', '-x', '/openstack/latest/user_data', '-i', file])).toEqual(userData);
  });

  it('writes the primary tree with lowercase names, a "." in every file name and version ;1', () => {
    const file = writeImage(small, { now });
    expect([...listing(file).keys()]).toEqual(['/', '/openstack/', '/openstack/2012-08-10/', '/openstack/latest/']);
    expect(names(file, '/openstack/')).toEqual(['.', '..', '2012-08-10', 'latest']);
    expect(names(file, '/openstack/latest/')).toEqual(['.', '..', 'meta_data.json;1', 'user_data.;1']);
    expect(run('isoinfo', ['-x', '/openstack/latest/meta_data.json;1', '-i', file])).toEqual(metaData);
    expect(run('isoinfo', ['-x', '/openstack/latest/user_data.;1', '-i', file])).toEqual(userData);
    expect(isoinfo('-l', '-i', file)).toContain('Mar  4 2021'); // recording dates from options.now
  });

  it('writes path tables that agree with the directory records, in both trees', () => {
    const file = writeImage(small, { now });
    const image = readFileSync(file);
    expectPathTablesMatch(file, image, false);
    expectPathTablesMatch(file, image, true);
  });

  it('is read file by file by pycdlib, which checks path tables and padding', () => {
    const trees = readWithPycdlib(writeImage(small, { now }));
    expect(trees.joliet_path).toEqual({
      '/openstack/2012-08-10/meta_data.json': metaData.toString(),
      '/openstack/latest/meta_data.json': metaData.toString(),
      '/openstack/latest/user_data': userData.toString(),
    });
    expect(Object.keys(trees.iso_path).sort()).toEqual(['/openstack/2012-08-10/meta_data.json;1', '/openstack/latest/meta_data.json;1', '/openstack/latest/user_data.;1']);
  });

  it('sorts directory records as genisoimage does: by name then extension, Joliet by code unit', () => {
    const given = ['b', 'a.txt', 'a', 'B', 'a.b.c', 'ab', 'a-b'];
    const file = writeImage(given.map((name) => ({ path: `d/${name}`, data: Buffer.from(name) })));
    expect(names(file, '/d/')).toEqual(['.', '..', 'B.;1', 'a.;1', 'a.b.c;1', 'a.txt;1', 'a-b.;1', 'ab.;1', 'b.;1']);
    expect(names(file, '/d/', true)).toEqual(['.', '..', 'B', 'a', 'a-b', 'a.b.c', 'a.txt', 'ab', 'b']);
  });

  it('lets a directory of many files span several sectors without a record crossing a sector boundary', () => {
    // 150 records of ~70 bytes: about five sectors in each tree.
    const many = Array.from({ length: 150 }, (_, i) => ({ path: `many/a-rather-long-file-name-number-${String(i).padStart(3, '0')}.json`, data: Buffer.from(`{"n": ${i}}`) }));
    const file = writeImage(many);
    const listed = lines(isoinfo('-J', '-f', '-i', file));
    expect(listed).toHaveLength(151);
    expect(listed.slice(1)).toEqual(many.map(({ path }) => `/${path}`));
    for (const i of [0, 29, 30, 77, 149]) {
      expect(run('isoinfo', ['-J', '-x', `/${many[i].path}`, '-i', file]).toString()).toBe(`{"n": ${i}}`);
      expect(run('isoinfo', ['-x', `/${many[i].path};1`, '-i', file]).toString()).toBe(`{"n": ${i}}`);
    }
    const trees = readWithPycdlib(file);
    expect(Object.keys(trees.joliet_path)).toHaveLength(150);
    expect(trees.joliet_path[`/${many[149].path}`]).toBe('{"n": 149}');
    const image = readFileSync(file);
    for (const joliet of [false, true]) {
      expectPathTablesMatch(file, image, joliet);
      const records = listing(file, joliet).get('/many/') ?? [];
      expect(records).toHaveLength(152);
      expect(records[0].name).toBe('.');
      expect(records[0].size).toBeGreaterThanOrEqual(3 * 2048); // whole sectors, several of them
      expect(records[0].size % 2048).toBe(0);
      // Walk the extent as a reader does (a zero length byte means "next sector"): 152 records, none crossing.
      const extent = image.subarray(records[0].lba * 2048, records[0].lba * 2048 + records[0].size);
      let found = 0;
      for (let at = 0; at < extent.length; ) {
        if (extent[at] === 0) at = (Math.floor(at / 2048) + 1) * 2048;
        else {
          expect((at % 2048) + extent[at]).toBeLessThanOrEqual(2048);
          at += extent[at];
          found++;
        }
      }
      expect(found).toBe(152);
    }
  });

  it('keeps files larger than a sector, exactly a sector, and empty, in both trees', () => {
    const big = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 251));
    const exact = Buffer.alloc(4096, 'x');
    const file = writeImage([
      { path: 'big.bin', data: big },
      { path: 'empty', data: Buffer.alloc(0) },
      { path: 'exact', data: exact },
    ]);
    expect(run('isoinfo', ['-J', '-x', '/big.bin', '-i', file])).toEqual(big);
    expect(run('isoinfo', ['-x', '/big.bin;1', '-i', file])).toEqual(big);
    expect(run('isoinfo', ['-J', '-x', '/exact', '-i', file])).toEqual(exact);
    expect(run('isoinfo', ['-J', '-x', '/empty', '-i', file])).toEqual(Buffer.alloc(0));
    expect(run('isoinfo', ['-x', '/empty.;1', '-i', file])).toEqual(Buffer.alloc(0));
  });

  it('keeps non-ASCII names in the Joliet tree and replaces them in the primary one', () => {
    const file = writeImage([{ path: 'dir/café au lait.txt', data: Buffer.from('ok') }]);
    // isoinfo knows no UTF-8: it prints Joliet names in ISO 8859-1.
    expect(lines(isoinfo('-J', '-f', '-i', file))).toEqual(['/dir', '/dir/café au lait.txt']);
    expect(names(file, '/dir/')).toEqual(['.', '..', 'caf__au_lait.txt;1']);
    expect(run('isoinfo', ['-x', '/dir/caf__au_lait.txt;1', '-i', file]).toString()).toBe('ok');
  });

  it('refuses paths the image cannot hold', () => {
    expect(() => buildIso9660('config-2', [{ path: 'a/b', data: Buffer.alloc(0) }, { path: 'a/b', data: Buffer.alloc(0) }])).toThrow(/twice/);
    expect(() => buildIso9660('config-2', [{ path: 'a', data: Buffer.alloc(0) }, { path: 'a/b', data: Buffer.alloc(0) }])).toThrow(/through the file/);
    expect(() => buildIso9660('config-2', [{ path: 'a//b', data: Buffer.alloc(0) }])).toThrow(/Invalid path/);
    expect(() => buildIso9660('config-2', [{ path: 'x'.repeat(65), data: Buffer.alloc(0) }])).toThrow(/64 characters/);
    expect(() => buildIso9660('a-volume-id-too-long', [])).toThrow(/16 characters/);
    // Distinct in Joliet, but the primary tree would hold two records named "a_b.;1".
    expect(() => buildIso9660('config-2', [{ path: 'a b', data: Buffer.alloc(0) }, { path: 'a_b', data: Buffer.alloc(0) }])).toThrow(/both spelled "a_b."/);
  });
});
