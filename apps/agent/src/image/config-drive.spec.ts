import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DeploymentError, writeConfigDrive } from './config-drive';

const MIB = 1024 * 1024;
const NODE = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';
const LINUX_FILESYSTEM = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

interface SfdiskPartition {
  node: string;
  start: number;
  size: number;
  type: string;
}

/**
 * The disks are made by sfdisk and the config drives by genisoimage (what Ironic runs); what the agent wrote
 * is read back by sfdisk, sgdisk (-v checks both GPT copies and their CRCs), blkid (how cloud-init finds the
 * drive) and isoinfo.
 */
describe('writeConfigDrive (IPA create_config_drive_partition)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ferrum-configdrive-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A disk image of `mib` MiB, partitioned by sfdisk from `script`, with a marker in every partition. */
  function disk(mib: number, script: string): string {
    const file = join(dir, 'disk.img');
    writeFileSync(file, Buffer.alloc(mib * MIB, 0x5a));
    execFileSync('sfdisk', ['--quiet', file], { input: script });
    return file;
  }

  /** A config drive as Ironic makes one: genisoimage with openstacksdk's options, gzipped, base64. */
  function configDrive(metaData: Record<string, unknown>, extraMib = 0): { b64: string; iso: Buffer } {
    const tree = join(dir, `tree-${Math.random()}`);
    mkdirSync(join(tree, 'openstack', 'latest'), { recursive: true });
    writeFileSync(join(tree, 'openstack', 'latest', 'meta_data.json'), JSON.stringify(metaData));
    if (extraMib) writeFileSync(join(tree, 'openstack', 'latest', 'user_data'), Buffer.alloc(extraMib * MIB));
    const out = join(dir, 'cd.iso');
    execFileSync('genisoimage', ['-o', out, '-ldots', '-allow-lowercase', '-allow-multidot', '-l', '-publisher', 'metalsmith', '-quiet', '-J', '-r', '-V', 'config-2', tree], { stdio: 'pipe' });
    const iso = readFileSync(out);
    return { b64: gzipSync(iso).toString('base64'), iso };
  }

  const table = (file: string) => JSON.parse(execFileSync('sfdisk', ['--json', file], { encoding: 'utf8' })).partitiontable as { label: string; partitions: SfdiskPartition[] };

  /** What cloud-init would see on the partition: its blkid tags and the meta_data.json in it. */
  function readBack(file: string, p: SfdiskPartition): { tags: string; metaData: unknown } {
    const part = join(dir, 'part.img');
    writeFileSync(part, readFileSync(file).subarray(p.start * 512, (p.start + p.size) * 512));
    const tags = execFileSync('blkid', ['-p', '-o', 'export', part], { encoding: 'utf8' });
    const metaData = JSON.parse(execFileSync('isoinfo', ['-J', '-i', part, '-x', '/openstack/latest/meta_data.json'], { encoding: 'utf8' }));
    rmSync(part);
    return { tags, metaData };
  }

  it('adds a 64 MiB partition at the end of a GPT disk, moves the backup GPT there, and writes the ISO into it', async () => {
    const file = disk(8, 'label: gpt\nstart=2048, size=8192, type=L, name=root\n');
    const before = readFileSync(file);
    const { b64 } = configDrive({ uuid: NODE, hostname: 'host-0' });

    const written = await writeConfigDrive(file, b64, NODE);

    const after = table(file);
    expect(after.label).toBe('gpt');
    expect(after.partitions).toHaveLength(2);
    const [root, cd] = after.partitions;
    expect(root).toMatchObject({ start: 2048, size: 8192 });
    expect(cd.type).toBe(LINUX_FILESYSTEM);
    expect(cd.size * 512).toBeGreaterThanOrEqual(64 * MIB);
    expect(cd.start % 2048).toBe(0);
    expect(written).toBe(`partition 2 (sectors ${cd.start}-${cd.start + cd.size - 1})`);
    // Both GPT copies are whole and consistent, the backup at the (new) end of the disk.
    expect(execFileSync('sgdisk', ['-v', file], { encoding: 'utf8' })).toContain('No problems found');
    const { tags, metaData } = readBack(file, cd);
    expect(tags).toMatch(/^TYPE=iso9660$/m);
    expect(tags).toMatch(/^LABEL=config-2$/m);
    expect(metaData).toEqual({ uuid: NODE, hostname: 'host-0' });
    // The image's own partition is untouched.
    const data = readFileSync(file);
    expect(data.subarray(2048 * 512, (2048 + 8192) * 512).equals(before.subarray(2048 * 512, (2048 + 8192) * 512))).toBe(true);
  });

  it('writes a second config drive over the first (a rebuild): still one config-2 partition, with the new content', async () => {
    const file = disk(8, 'label: gpt\nstart=2048, size=8192, type=L\n');
    await writeConfigDrive(file, configDrive({ uuid: NODE, hostname: 'first' }).b64, NODE);
    const first = table(file).partitions;

    await writeConfigDrive(file, configDrive({ uuid: NODE, hostname: 'second' }).b64, NODE);

    const second = table(file).partitions;
    expect(second).toEqual(first);
    expect(execFileSync('sgdisk', ['-v', file], { encoding: 'utf8' })).toContain('No problems found');
    expect(readBack(file, second[1]).metaData).toEqual({ uuid: NODE, hostname: 'second' });
  });

  it('adds a primary partition (type 0c, as parted mkpart primary fat32) at the end of an MBR disk', async () => {
    const file = disk(8, 'label: dos\nstart=2048, size=8192, type=83\n');
    await writeConfigDrive(file, configDrive({ uuid: NODE }).b64, NODE);
    const after = table(file);
    expect(after.label).toBe('dos');
    expect(after.partitions.map((p) => p.type)).toEqual(['83', 'c']);
    const cd = after.partitions[1];
    expect(cd.node).toMatch(/2$/);
    const size = readFileSync(file).length / 512;
    expect(cd.start + cd.size).toBe(size);
    expect(readBack(file, cd).tags).toMatch(/^LABEL=config-2$/m);
  });

  it('refuses, in IPA words, an MBR disk with four primary partitions, a disk with no partition table, and a drive over 64 MiB', async () => {
    const full = disk(8, 'label: dos\nstart=2048,size=2048\nstart=4096,size=2048\nstart=6144,size=2048\nstart=8192,size=2048\n');
    const untouched = readFileSync(full);
    const { b64 } = configDrive({ uuid: NODE });
    await expect(writeConfigDrive(full, b64, NODE)).rejects.toThrow(
      new DeploymentError(`Config drive cannot be created on ${full} for node ${NODE}. The disk uses MBR partitioning and already has 4 primary partitions.`),
    );
    expect(readFileSync(full).equals(untouched)).toBe(true);

    const bare = join(dir, 'bare.img');
    writeFileSync(bare, Buffer.alloc(4 * MIB));
    await expect(writeConfigDrive(bare, b64, NODE)).rejects.toThrow(`Error: The device ${bare} for node ${NODE} does not have a valid MBR partition table`);

    // A GPT this agent cannot read (its header damaged): the protective MBR is left alone.
    const damaged = disk(8, 'label: gpt\nstart=2048, size=8192\n');
    const bytes = readFileSync(damaged);
    bytes.fill(0, 512, 1024);
    writeFileSync(damaged, bytes);
    await expect(writeConfigDrive(damaged, b64, NODE)).rejects.toThrow(`it has a protective MBR but no GPT readable with 512-byte sectors.`);
    expect(readFileSync(damaged).equals(bytes)).toBe(true);

    const gpt = disk(8, 'label: gpt\nstart=2048, size=8192\n');
    const big = configDrive({ uuid: NODE }, 65).b64;
    await expect(writeConfigDrive(gpt, big, NODE)).rejects.toThrow(/^Config drive size exceeds maximum limit of 64MiB\. Size of the given config drive is 66 MiB for node /);
    // Nothing was written to the disk that was refused.
    expect(table(gpt).partitions).toHaveLength(1);
  });

  it('says what is wrong with a config drive that is not gzipped base64', async () => {
    const file = disk(8, 'label: gpt\nstart=2048, size=8192\n');
    await expect(writeConfigDrive(file, 'not base64!', NODE)).rejects.toThrow(`Config drive for node ${NODE} is not base64 encoded or the content is malformed.`);
    await expect(writeConfigDrive(file, Buffer.from('plain').toString('base64'), NODE)).rejects.toThrow(
      /^Encountered error while decompressing and writing config drive for node .*\. Error: incorrect header check$/,
    );
  });

  describe('from a URL', () => {
    let server: Server;
    let base: string;
    const bodies: Record<string, Buffer> = {};
    beforeAll(async () => {
      server = createServer((req, res) => {
        const body = bodies[req.url ?? ''];
        res.writeHead(body ? 200 : 404).end(body ?? 'no such drive');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('downloads gzipped base64 or the raw ISO, and names the URL when the download fails', async () => {
      const file = disk(8, 'label: gpt\nstart=2048, size=8192\n');
      const { b64, iso } = configDrive({ uuid: NODE, from: 'url' });
      bodies['/cd.b64'] = Buffer.from(b64);
      bodies['/cd.iso'] = iso;
      await writeConfigDrive(file, `${base}/cd.b64`, NODE);
      expect(readBack(file, table(file).partitions[1]).metaData).toEqual({ uuid: NODE, from: 'url' });
      await writeConfigDrive(file, `${base}/cd.iso`, NODE);
      expect(readBack(file, table(file).partitions[1]).metaData).toEqual({ uuid: NODE, from: 'url' });
      await expect(writeConfigDrive(file, `${base}/missing`, NODE)).rejects.toThrow(
        `Can't download the configdrive content for node ${NODE} from '${base}/missing'. Got status code 404, response body no such drive`,
      );
    });
  });
});
