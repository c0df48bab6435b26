import { createCipheriv, createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The instance image the lab offers for deploys: small, and the same bytes at every start (so its checksum is too). */
export const INSTANCE_IMAGE = 'lab-instance.raw';
const IMAGE_BYTES = 8 * 1024 * 1024;

/** 8 MiB that look like a disk: pseudo-random data (AES-CTR of zeros under a fixed key) behind an MBR signature. */
export function instanceImage(): Buffer {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 'ferrum-lab'), Buffer.alloc(16, 0));
  const data = Buffer.concat([cipher.update(Buffer.alloc(IMAGE_BYTES)), cipher.final()]);
  // An empty MBR (signature, no partitions): the agent can still add a config drive partition to it.
  data.fill(0, 0, 512);
  data.write('FERRUM-LAB-DISK', 0);
  data[510] = 0x55;
  data[511] = 0xaa;
  return data;
}

/**
 * The lab's file server: the agent's "ISO" for virtual media (what a real one's boot configuration holds:
 * the agent's kernel command line) and an instance image with its sha256 checksum file.
 */
export class LabFiles {
  private server?: Server;
  readonly image = instanceImage();
  readonly imageSha256 = createHash('sha256').update(this.image).digest('hex');
  private cmdline = '';

  /** The agent ISO's kernel command line, once Ferrum's address is known. */
  setAgentCmdline(cmdline: string): void {
    this.cmdline = cmdline;
  }

  async listen(host: string, port: number): Promise<string> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status: number, body: string | Buffer, type = 'application/octet-stream') => {
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD\n', 'text/plain');
      if (path === '/agent.iso') return send(200, this.cmdline);
      if (path === `/images/${INSTANCE_IMAGE}`) return send(200, this.image);
      if (path === `/images/${INSTANCE_IMAGE}.sha256`) return send(200, `${this.imageSha256}  ${INSTANCE_IMAGE}\n`, 'text/plain');
      send(404, 'not found\n', 'text/plain');
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    return this.url(host);
  }

  url(host: string): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the lab file server is not listening');
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
