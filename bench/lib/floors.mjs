// Floors for issue 13's targets, each in its own process(es) so that it shares the machine as the API does.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { latencies } from './load.mjs';
import { freePort, startChild, track } from './services.mjs';
import { summarize } from './stats.mjs';

/**
 * The composed floor under PUT …/states/power: plain node:http (one process) → NATS request over its own
 * connection → a responder (another process, another connection) running the lock's two UPDATEs on a scratch
 * row of `nodes` (round-robin over `rows` of them) → reply → 202. What the API + conductor do at least, with
 * no framework, validation or node read.
 */
export async function composedFloor({ databaseUrl, natsUrl, rows = 256 }) {
  const driver = `bench-floor-${randomBytes(3).toString('hex')}`;
  const subject = `bench.floor.${process.pid}.${driver}`;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const stopped = [];
  const stop = async () => {
    for (const s of stopped.reverse()) await s.stop();
    stopped.length = 0;
    await db.query('DELETE FROM nodes WHERE driver = $1', [driver]).catch(() => undefined);
    await db.end().catch(() => undefined);
  };
  try {
    await db.query(`INSERT INTO nodes (uuid, name, driver, provision_state) SELECT gen_random_uuid(), $1 || '-' || i, $1, 'enroll' FROM generate_series(1, $2) AS i`, [driver, rows]);
    stopped.push(await startChild('floor-responder.mjs', { BENCH_DATABASE_URL: databaseUrl, BENCH_NATS_URL: natsUrl, BENCH_SUBJECT: subject, BENCH_DRIVER: driver }));
    const port = await freePort();
    stopped.push(await startChild('floor-http.mjs', { BENCH_NATS_URL: natsUrl, BENCH_SUBJECT: subject, BENCH_PORT: String(port) }));
    return { url: `http://127.0.0.1:${port}/v1/nodes/floor/states/power`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Bare Nest on @nestjs/platform-fastify serving `body` (a node as the API serves it) at GET /v1/nodes/:id. */
export async function bareNest(body) {
  const port = await freePort();
  const { stop } = await startChild('bare-nest.cjs', { BENCH_PORT: String(port), BENCH_NODE_BODY: JSON.stringify(body) });
  return { url: (id) => `http://127.0.0.1:${port}/v1/nodes/${id}`, stop };
}

/** A plain node:http server in its own process: the floor any HTTP API on this machine stands on. */
export async function bareHttpServer() {
  const port = await freePort();
  const child = track(spawn(process.execPath, [
    '-e',
    `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"uuid":"x"}'); }).listen(${port}, '127.0.0.1', () => console.log('up'))`,
  ]));
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** A bare NATS request/reply echo over two connections; `p50(n)` measures n round trips. */
export async function bareNatsEcho(natsUrl) {
  const server = await connect({ servers: natsUrl });
  const client = await connect({ servers: natsUrl });
  const subject = `bench.echo.${process.pid}.${randomBytes(3).toString('hex')}`;
  server.subscribe(subject, { callback: (_e, m) => m.respond(m.data) });
  await server.flush();
  return {
    latencies: async (n) => summarize(await latencies(() => client.request(subject, '{}', { timeout: 5000 }), n)),
    stop: async () => {
      await client.close();
      await server.close();
    },
  };
}
