import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MIB = 1024 * 1024;

/**
 * Test images over HTTP on 127.0.0.1: a raw whole-disk image (random data behind an MBR-like header), the
 * same disk as qcow2, and sha256sum-style checksum files; `expectedQcow2Raw` is what `qemu-img convert`
 * makes of the qcow2, the bytes an agent must leave on disk.
 */
export class ImageServer {
  // Made in start(), so a test file that only constructs the server (filtered out) leaves nothing behind.
  dir = '';
  raw = '';
  qcow2 = '';
  expectedQcow2Raw = '';
  private server?: Server;
  url = '';
  /** Requests per path, to see retries. */
  readonly hits = new Map<string, number>();
  /** Paths whose next N responses are cut half-way (a broken download). */
  readonly breakNext = new Map<string, number>();

  constructor(readonly sizeMib = 24) {}

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'ferrum-images-'));
    this.raw = join(this.dir, 'disk.raw');
    this.qcow2 = join(this.dir, 'disk.qcow2');
    this.expectedQcow2Raw = join(this.dir, 'qcow2-converted.raw');
    const data = randomBytes(this.sizeMib * MIB);
    data.write('FERRUM-TEST-DISK', 0);
    data[510] = 0x55;
    data[511] = 0xaa;
    writeFileSync(this.raw, data);
    // A sparse qcow2 with some zero runs, so the conversion is not a plain copy.
    data.fill(0, 4 * MIB, 8 * MIB);
    writeFileSync(join(this.dir, 'src-for-qcow2.raw'), data);
    execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', join(this.dir, 'src-for-qcow2.raw'), this.qcow2]);
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', this.qcow2, this.expectedQcow2Raw]);
    writeFileSync(join(this.dir, 'SHA256SUMS'), `${this.hash('sha256', this.raw)}  disk.raw\n${this.hash('sha256', this.qcow2)}  disk.qcow2\n`);
    this.server = createServer((req, res) => {
      const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '');
      this.hits.set(name, (this.hits.get(name) ?? 0) + 1);
      const path = join(this.dir, name);
      if (name.includes('/') || name.includes('..') || !statSync(path, { throwIfNoEntry: false })?.isFile()) {
        res.writeHead(404).end();
        return;
      }
      const size = statSync(path).size;
      res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
      const toBreak = this.breakNext.get(name) ?? 0;
      if (toBreak > 0) {
        this.breakNext.set(name, toBreak - 1);
        createReadStream(path, { end: Math.floor(size / 2) }).on('end', () => res.destroy()).pipe(res, { end: false });
        return;
      }
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  hash(algo: string, path: string): string {
    return createHash(algo).update(readFileSync(path)).digest('hex');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
