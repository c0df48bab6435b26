import { spawn } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { latencies, throughput } from '../lib/load.mjs';
import { freePort } from '../lib/services.mjs';
import { row, summarize } from '../lib/stats.mjs';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };

/** A plain node:http server in its own process: the floor any HTTP API on this machine stands on. */
async function bareHttpServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [
    '-e',
    `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"uuid":"x"}'); }).listen(${port}, '127.0.0.1', () => console.log('up'))`,
  ]);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

async function getJson(url) {
  const r = await fetch(url, { headers: HEADERS });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
}

export async function apiBasics({ api, databaseUrl, natsUrl, seconds }) {
  const results = [];
  const baselines = {};
  const bare = await bareHttpServer();
  try {
    // Nodes to read and to power, created through the API.
    const nodes = [];
    for (let i = 0; i < 64; i++) {
      const r = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ driver: 'fake-hardware', name: `bench-${i}` }) });
      nodes.push((await r.json()).uuid);
    }
    const nodeUrl = (i) => `${api}/v1/nodes/${nodes[i % nodes.length]}`;

    console.log('\n# GET /v1/nodes/{id}');
    const bare1 = summarize(await latencies(() => getJson(bare.url), 2000));
    const get1 = summarize(await latencies((i) => getJson(nodeUrl(i)), 2000));
    results.push(row('GET node p50 latency, 1 connection', get1.p50, 'ms', 'bare HTTP p50', bare1.p50));
    results.push(row('GET node p99 latency, 1 connection', get1.p99, 'ms', 'bare HTTP p99', bare1.p99));
    const bareOne = await throughput(() => getJson(bare.url), { concurrency: 1, seconds });
    const bare16 = await throughput(() => getJson(bare.url), { concurrency: 16, seconds });
    const get16 = await throughput((i) => getJson(nodeUrl(i)), { concurrency: 16, seconds });
    results.push(row('GET node req/s, 16 connections', get16.rps, 'req/s', 'bare HTTP req/s', bare16.rps));
    Object.assign(baselines, { httpP50: bare1.p50, httpP99: bare1.p99, httpRps1: bareOne.rps, httpRps16: bare16.rps });

    console.log('\n# PUT /v1/nodes/{id}/states/power (202 accepted round trip)');
    let baseline = { name: 'bare NATS request/reply p50', value: NaN };
    if (natsUrl) {
      const server = await connect({ servers: natsUrl });
      const client = await connect({ servers: natsUrl });
      server.subscribe('bench.echo', { callback: (_e, m) => m.respond(m.data) });
      await server.flush();
      const nats = summarize(await latencies(() => client.request('bench.echo', '{}', { timeout: 5000 }), 2000));
      baseline = { name: 'bare NATS request/reply p50', value: nats.p50 };
      baselines.natsP50 = nats.p50;
      await client.close();
      await server.close();
    }
    let sql = { p50: NaN };
    if (databaseUrl) {
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const { rows } = await db.query(`INSERT INTO nodes (uuid, driver, provision_state) VALUES (gen_random_uuid(), 'bench', 'enroll') RETURNING uuid`);
      const uuid = rows[0].uuid;
      sql = summarize(
        await latencies(
          (i) =>
            i % 2 === 0
              ? db.query(`UPDATE nodes SET reservation = $1 WHERE uuid = $2 AND reservation IS NULL`, ['bench', uuid])
              : db.query(`UPDATE nodes SET reservation = NULL WHERE uuid = $1 AND reservation = $2`, [uuid, 'bench']),
          2000,
        ),
      );
      await db.query(`DELETE FROM nodes WHERE uuid = $1`, [uuid]);
      await db.end();
    }
    let target = 'power on';
    const put = summarize(
      await latencies(async (i) => {
        if (i % nodes.length === 0) {
          target = target === 'power on' ? 'power off' : 'power on';
          // Let the previous round's background actions release their locks.
          await new Promise((r) => setTimeout(r, 100));
        }
        const r = await fetch(`${nodeUrl(i)}/states/power`, { method: 'PUT', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ target }) });
        await r.arrayBuffer();
        if (r.status !== 202) throw new Error(`PUT power: ${r.status}`);
      }, 640, 64),
    );
    results.push(row('PUT power p50 (202)', put.p50, 'ms', baseline.name, baseline.value));
    results.push(row('PUT power p50 (202)', put.p50, 'ms', 'bare SQL lock UPDATE p50', sql.p50));
    results.push(row('PUT power p99 (202)', put.p99, 'ms', 'bare HTTP p99', bare1.p99));

    // Until the new power state is visible: includes the background action and lock release.
    const complete = [];
    for (let i = 0; i < 30; i++) {
      const url = nodeUrl(i);
      const want = i % 2 ? 'power on' : 'power off';
      const t = performance.now();
      await fetch(`${url}/states/power`, { method: 'PUT', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ target: want }) }).then((r) => r.arrayBuffer());
      for (;;) {
        const n = await (await fetch(url, { headers: HEADERS })).json();
        if (n.power_state === want && n.reservation === null) break;
      }
      complete.push(performance.now() - t);
    }
    const done = summarize(complete);
    results.push(row('PUT power until applied p50', done.p50, 'ms', 'bare HTTP p50', bare1.p50));
  } finally {
    bare.stop();
  }
  return { results, baselines };
}
