import type { Logger } from 'pino';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observability, isHealthPath } from './observability';

export interface HealthServerHandle {
  url: string;
  close(): Promise<void>;
}

/**
 * A small HTTP server with only /healthz, /readyz and /metrics, for roles that serve no HTTP of their
 * own (the conductor): plain node:http, so probes still answer while the role is busy draining.
 */
export async function startHealthServer(
  observability: Observability,
  options: { host: string; port: number; logger?: Logger },
): Promise<HealthServerHandle> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://health').pathname;
    if (req.method !== 'GET' || !isHealthPath(path)) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: `No route for ${req.method} ${path}` }));
      return;
    }
    observability.answer(path).then(
      (a) => res.writeHead(a.status, { 'content-type': a.contentType }).end(a.body),
      (err: unknown) => {
        options.logger?.error({ err, path }, 'health endpoint failed');
        res.writeHead(500).end();
      },
    );
  });
  // Probes connect and go; keep-alive sockets must not hold close() up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  options.logger?.info({ url }, 'health endpoints listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
