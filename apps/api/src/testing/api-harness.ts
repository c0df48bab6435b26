// Imported only by apps/api specs: it starts the real conductor beside the API, as the brief for these
// integration specs asks, so it reaches into the test harness and another app on purpose.
import { allOptions, loadConfig } from '@ferrum/config';
// eslint-disable-next-line @nx/enforce-module-boundaries -- spec-only harness: API specs drive the real conductor
import { ConductorHandle, startConductor } from '@ferrum/conductor';
import { silentLogger, type Logger } from '@ferrum/logging';
// eslint-disable-next-line @nx/enforce-module-boundaries -- spec-only harness
import { TestDatabase, createTestDatabase, createTestTransports } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createApiApp, routesOf } from '../api.app';
import { Links } from '../common/links';

export const PUBLIC_URL = 'http://ironic.test:6385';

export interface Reply {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any -- specs read untyped JSON bodies
}

export interface RequestOptions {
  body?: unknown;
  /** Microversion header; `null` sends none. Default: 1.82 (the maximum these specs were written against). */
  version?: string | null;
  headers?: Record<string, string>;
}

export interface HarnessOptions {
  /** Settings for the API and the first conductor beyond the defaults below (e.g. FERRUM_FAKE_VENDOR_DELAY_MS). */
  env?: Record<string, string>;
  /** The API's logger (default: silent). */
  logger?: Logger;
  /** More conductors, each with its own settings on top of `env` (e.g. another hardware type). */
  extraConductors?: Record<string, string>[];
}

export interface ApiHarness {
  db: TestDatabase;
  conductor: ConductorHandle;
  /** Every conductor: the first one, then the extra ones in the order given. */
  conductors: ConductorHandle[];
  app: NestFastifyApplication;
  /** The transport the API sends conductor RPCs on (spy on it to see what reaches the conductor). */
  apiTransport: Transport;
  request(method: string, url: string, options?: RequestOptions): Promise<Reply>;
  /** Every route the API serves, as registered (`/v1/nodes/:ident`). */
  routes: { method: string; url: string }[];
  /** The decoded inner error document (`error_message` is JSON in a string). */
  error(reply: Reply): Record<string, unknown>;
  /** Locks a node as a live peer conductor would (the sweeper clears locks of conductors that are not alive). */
  lockNode(uuid: string, host?: string): Promise<string>;
  /** POST /v1/nodes with fake-hardware; fails the test if the node is not created. */
  createNode(body?: Record<string, unknown>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/** Polls until `check` passes (background conductor work such as a power action). */
export async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

/** API + one fake-hardware conductor (and any extra ones) on the in-process (or NATS) transport and a throwaway database. */
export async function startApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const extra = options.extraConductors ?? [];
  const transports: Transport[] = await createTestTransports(2 + extra.length);
  const env = {
    FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware',
    FERRUM_HASH_RING_RESET_INTERVAL_S: '0',
    FERRUM_PUBLIC_URL: PUBLIC_URL,
    FERRUM_MAX_LIMIT: '50',
    // A busy node answers 409 quickly instead of after Ironic's ~2 s of retries.
    FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '1',
    FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
    ...options.env,
  };
  const config = loadConfig(allOptions, env);
  const conductors: ConductorHandle[] = [];
  for (const [i, overrides] of [{}, ...extra].entries()) {
    conductors.push(
      await startConductor({
        config: { ...loadConfig(allOptions, { ...env, ...overrides }), hostname: `cond-${randomUUID().slice(0, 8)}` },
        repos: db.repos,
        transport: transports[i === 0 ? 0 : i + 1],
        logger: silentLogger(),
      }),
    );
  }
  const conductor = conductors[0];
  const app = await createApiApp({ config, repos: db.repos, transport: transports[1], logger: options.logger ?? silentLogger() }, new Links(PUBLIC_URL));
  const fastify = app.getHttpAdapter().getInstance();

  const request = async (method: string, url: string, options: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    const version = options.version === undefined ? '1.82' : options.version;
    if (version !== null) headers['X-OpenStack-Ironic-API-Version'] = version;
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (payload !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    const res = await fastify.inject({ method: method as 'GET', url, headers, payload });
    return { statusCode: res.statusCode, headers: res.headers, body: res.body, json: () => res.json() };
  };

  return {
    db,
    conductor,
    conductors,
    app,
    apiTransport: transports[1],
    request,
    routes: routesOf(app),
    error: (reply) => JSON.parse(reply.json<{ error_message: string }>().error_message) as Record<string, unknown>,
    lockNode: async (uuid, host = `peer-${randomUUID().slice(0, 8)}`) => {
      await db.repos.conductors.register(host, '', []);
      await db.repos.reservations.tryReserve(uuid, host);
      return host;
    },
    createNode: async (body = {}) => {
      const reply = await request('POST', '/v1/nodes', { body: { driver: 'fake-hardware', ...body } });
      if (reply.statusCode !== 201) throw new Error(`node create failed: ${reply.statusCode} ${reply.body}`);
      return reply.json<Record<string, unknown>>();
    },
    close: async () => {
      await app.close();
      for (const c of conductors) await c.close();
      await Promise.all([...new Set(transports)].map((t) => t.close()));
      await db.close();
    },
  };
}
