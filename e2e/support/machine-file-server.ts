import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** What a deployed test system posts when it has booted from its disk (deploy/ramdisk/instance-image.sh). */
export interface CallHome {
  mac: string;
  uptime_s?: number;
  root: string;
}

/**
 * The HTTP server a provisioned machine talks to in the QEMU tests: the files an operator publishes (agent kernel,
 * ramdisk or ISO, the instance image), by URL path, and `POST /home`, where the deployed system calls home. On
 * 127.0.0.1, on a port the OS picks.
 */
export async function machineFileServer(
  files: Record<string, string>,
  on: { callHome: (call: CallHome) => void; fetched?: (path: string) => void },
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/home') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        on.callHome(JSON.parse(body) as CallHome);
        res.writeHead(204).end();
      });
      return;
    }
    const file = files[req.url ?? ''];
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    on.fetched?.(req.url ?? '');
    res.writeHead(200, { 'Content-Length': statSync(file).size, 'Content-Type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
