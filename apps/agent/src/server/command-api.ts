import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { AgentBusy, CommandRunner, UnknownExtension } from '../commands/command-runner';
import { InvalidCommandParams } from '../commands/extensions';

export interface CommandApiOptions {
  host: string;
  port: number;
  version: string;
  startedAt: number;
  runner: CommandRunner;
  /** The agent token; null means none was issued, so no command call can be authorised. */
  token: () => string | null;
  /** Serve HTTPS with this certificate (automatic TLS) instead of HTTP. */
  tls?: { cert: string; key: string };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly faultcode: 'Client' | 'Server',
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Client', 'Invalid JSON body');
  }
}

function tokenMatches(given: string | null, expected: string | null): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The agent's command API (spec §13.8), on plain node:http to keep the ramdisk bundle small. Paths work with
 * and without the /v1 prefix; every /commands call needs ?agent_token= (401 "Token invalid." otherwise).
 */
export async function startCommandApi(options: CommandApiOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const { runner } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const base = `http://${req.headers.host ?? 'agent'}`;
    if (method === 'GET' && path === '/') {
      return send(res, 200, {
        name: 'OpenStack Ironic Python Agent API',
        description: 'Ironic Python Agent is a provisioning agent for OpenStack Ironic (Ferrum agent)',
        versions: [{ id: 'v1', links: [{ href: `${base}/v1/`, rel: 'self' }] }],
        default_version: { id: 'v1', links: [{ href: `${base}/v1/`, rel: 'self' }] },
      });
    }
    if (method === 'GET' && path === '/v1') {
      return send(res, 200, {
        id: 'v1',
        links: [{ href: `${base}/v1/`, rel: 'self' }],
        media_types: [{ base: 'application/json', type: 'application/vnd.openstack.ironic-python-agent.v1+json' }],
        commands: [{ href: `${base}/v1/commands/`, rel: 'self' }],
        status: [{ href: `${base}/v1/status/`, rel: 'self' }],
      });
    }
    const rel = path.replace(/^\/v1(?=\/|$)/, '');
    if (method === 'GET' && rel === '/status') return send(res, 200, { started_at: options.startedAt, version: options.version });
    if (method === 'GET' && rel === '/healthz') return send(res, 200, { status: 'ok' });
    const commandPath = /^\/commands(?:\/([^/]+))?$/.exec(rel);
    if (!commandPath) throw new HttpError(404, 'Client', `Resource not found: ${path}`);
    if (!tokenMatches(url.searchParams.get('agent_token'), options.token())) throw new HttpError(401, 'Client', 'Token invalid.');
    const wait = url.searchParams.get('wait') === 'true';
    const id = commandPath[1];
    if (method === 'GET' && !id) return send(res, 200, { commands: runner.list().map((r) => r.view()) });
    if (method === 'GET' && id) {
      const result = runner.get(id);
      if (!result) throw new HttpError(404, 'Client', `Command ${id} not found`);
      if (wait) await result.done;
      return send(res, 200, result.view());
    }
    if (method === 'POST' && !id) {
      const body = (await readJson(req)) as { name?: unknown; params?: unknown } | undefined;
      if (!body || typeof body.name !== 'string') throw new HttpError(400, 'Client', 'Invalid command: "name" is required');
      if (!body.params || typeof body.params !== 'object' || Array.isArray(body.params)) throw new HttpError(400, 'Client', 'Invalid command: "params" must be an object');
      const result = await runner.execute(body.name, body.params as Record<string, unknown>);
      if (wait) await result.done;
      return send(res, 200, result.view());
    }
    throw new HttpError(405, 'Client', `Method ${method} not allowed on ${path}`);
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      const [status, faultcode, message] =
        err instanceof HttpError
          ? [err.status, err.faultcode, err.message]
          : err instanceof InvalidCommandParams
            ? [400, 'Client', `Invalid command: ${err.message}`]
            : err instanceof UnknownExtension
              ? [404, 'Client', err.message]
              : err instanceof AgentBusy
                ? [409, 'Client', 'Agent is busy']
                : [500, 'Server', `Internal error: ${err instanceof Error ? err.message : String(err)}`];
      send(res, status, { faultcode, faultstring: message });
    });
  };
  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, onRequest) : createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
