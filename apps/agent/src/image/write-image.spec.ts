import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageError } from './checksum';
import { DISCARD_DISK } from '@ferrum/contracts';
import { writeImage } from './write-image';

describe('writeImage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-write-'));
  const image = randomBytes(3 * 1024 * 1024 + 123);
  let server: Server;
  let base = '';
  let cutNext = 0;
  const options = { retries: 2, retryIntervalS: 0, stallTimeoutS: 5 };
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  beforeAll(async () => {
    writeFileSync(join(dir, 'src.raw'), image);
    execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', join(dir, 'src.raw'), join(dir, 'img.qcow2')]);
    server = createServer((req, res) => {
      const data = req.url === '/img.qcow2' ? readFileSync(join(dir, 'img.qcow2')) : req.url === '/img.raw' ? image : undefined;
      if (!data) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': data.length });
      if (cutNext > 0) {
        cutNext--;
        res.write(data.subarray(0, 1000), () => res.destroy());
        return;
      }
      res.end(data);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a raw image to the target and verifies it, picking the algorithm from the checksum length', async () => {
    const target = join(dir, 'raw.target');
    writeFileSync(target, Buffer.alloc(8 * 1024 * 1024, 1));
    const result = await writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: createHash('md5').update(image).digest('hex') }, target, options);
    expect(result).toMatchObject({ bytes: image.length, algo: 'md5' });
    expect(readFileSync(target).equals(image)).toBe(true);
  });

  it('converts a qcow2 image with qemu-img after verifying the download: the target holds what qemu-img convert makes', async () => {
    const target = join(dir, 'qcow.target');
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', join(dir, 'img.qcow2'), join(dir, 'expected.raw')]);
    const qcow = readFileSync(join(dir, 'img.qcow2'));
    await writeImage({ id: 'img.qcow2', urls: [`${base}/img.qcow2`], disk_format: 'qcow2', os_hash_algo: 'sha256', os_hash_value: sha256(qcow) }, target, options);
    const written = readFileSync(target);
    expect(written.equals(readFileSync(join(dir, 'expected.raw')))).toBe(true);
    // qemu-img pads the virtual disk to whole sectors; the data itself is the original.
    expect(written.subarray(0, image.length).equals(image)).toBe(true);
  });

  it('retries a download that breaks off and fails clearly when the retries run out', async () => {
    cutNext = 1;
    const target = join(dir, 'retry.target');
    await writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: sha256(image) }, target, options);
    expect(readFileSync(target).equals(image)).toBe(true);
    cutNext = 3;
    await expect(writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: sha256(image) }, target, options)).rejects.toThrow(
      /could not be downloaded after 3 attempts/,
    );
    cutNext = 0;
  });

  it('fails on a checksum mismatch, a format that is not what disk_format says, a missing checksum and a 404', async () => {
    const target = join(dir, 'bad.target');
    await expect(writeImage({ id: 'x', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: 'a'.repeat(64) }, target, options)).rejects.toThrow(
      `failed verification: sha256 of the downloaded data is ${sha256(image)}, expected ${'a'.repeat(64)}`,
    );
    const qcow = readFileSync(join(dir, 'img.qcow2'));
    await expect(writeImage({ id: 'x', urls: [`${base}/img.qcow2`], disk_format: 'vmdk', checksum: sha256(qcow) }, target, options)).rejects.toThrow(/claims disk_format vmdk but its contents are qcow2/);
    await expect(writeImage({ id: 'x', urls: [`${base}/img.raw`] }, target, options)).rejects.toBeInstanceOf(ImageError);
    await expect(writeImage({ id: 'x', urls: [`${base}/missing`], checksum: sha256(image) }, target, options)).rejects.toThrow(/HTTP 404/);
  });

  it('downloads and verifies an image for the discard target, raw or not, and writes it nowhere', async () => {
    const qcow = readFileSync(join(dir, 'img.qcow2'));
    const before = new Set(readdirSync(dir));
    const raw = await writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: sha256(image) }, DISCARD_DISK, options);
    expect(raw).toEqual({ device: 'discard', bytes: image.length, algo: 'sha256', hash: sha256(image) });
    const converted = await writeImage({ id: 'img.qcow2', urls: [`${base}/img.qcow2`], disk_format: 'qcow2', checksum: sha256(qcow) }, DISCARD_DISK, options);
    expect(converted).toEqual({ device: 'discard', bytes: qcow.length, algo: 'sha256', hash: sha256(qcow) });
    expect(existsSync(DISCARD_DISK)).toBe(false);
    expect(new Set(readdirSync(dir))).toEqual(before);
    // A checksum that does not match still fails, as for a real target.
    await expect(writeImage({ id: 'x', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: 'a'.repeat(64) }, DISCARD_DISK, options)).rejects.toThrow(
      /failed verification/,
    );
  });

  it('fails the checksum check as a corrupted download would when corruptDownload is set, for a streamed image and one downloaded for conversion', async () => {
    const target = join(dir, 'corrupt.target');
    const corrupt = { ...options, corruptDownload: true };
    const error = await writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: sha256(image) }, target, corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageError);
    const [, got] = /^Image img\.raw failed verification: sha256 of the downloaded data is ([0-9a-f]{64}), expected ([0-9a-f]{64})$/.exec((error as Error).message) ?? [];
    const flipped = Buffer.from(image);
    flipped[0] ^= 0xff;
    expect(got).toBe(sha256(flipped));
    const qcow = readFileSync(join(dir, 'img.qcow2'));
    await expect(writeImage({ id: 'img.qcow2', urls: [`${base}/img.qcow2`], disk_format: 'qcow2', checksum: sha256(qcow) }, join(dir, 'corrupt.qcow.target'), corrupt)).rejects.toThrow(
      `Image img.qcow2 failed verification: sha256 of the downloaded data is ${sha256(Buffer.concat([Buffer.of(qcow[0] ^ 0xff), qcow.subarray(1)]))}, expected ${sha256(qcow)}`,
    );
  });

  it('gives up at once when its signal is aborted (the machine lost power)', async () => {
    const signal = AbortSignal.abort(new Error('machine lost power'));
    await expect(writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: sha256(image) }, join(dir, 'aborted.target'), { ...options, signal })).rejects.toThrow(
      'Writing image img.raw was abandoned: machine lost power',
    );
    expect(existsSync(join(dir, 'aborted.target'))).toBe(false);
  });

  it('fails clearly when the target is full (/dev/full answers every write with ENOSPC)', async () => {
    await expect(writeImage({ id: 'img.raw', urls: [`${base}/img.raw`], disk_format: 'raw', checksum: sha256(image) }, '/dev/full', options)).rejects.toThrow(
      /No space left on device \/dev\/full/,
    );
  });
});
