import { silentLogger, type Logger } from '@ferrum/logging';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentConfig } from './agent.config';

export interface AgentHandle {
  /** Base URL of the agent command API, with the real port when 0 was asked for. */
  url: string;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage) => { status: number; body: unknown };

// Plain node:http keeps the agent small: it runs in the ramdisk of the machine being provisioned.
const routes: Record<string, Route> = {
  'GET /healthz': () => ({ status: 200, body: { status: 'ok' } }),
};

function respond(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** Starts the agent's command API and resolves once it listens. */
export async function startAgent(config: AgentConfig, logger: Logger = silentLogger()): Promise<AgentHandle> {
  const log = logger.child({ component: 'agent' });
  const server = createServer((req, res) => {
    const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://agent').pathname}`];
    if (!route) return respond(res, 404, { error_message: `No route for ${req.method} ${req.url}` });
    try {
      const { status, body } = route(req);
      respond(res, status, body);
    } catch (err) {
      log.error({ err }, 'request failed');
      respond(res, 500, { error_message: 'Internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.agentPort, config.agentHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  log.info({ url }, 'agent listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeIdleConnections();
      }).then(() => log.info('agent stopped'));
      return closing;
    },
  };
}
