// Agent lookup (GET /v1/lookup by MAC) with 10,000 nodes and 40,000 ports, against GET /v1/nodes/{uuid}
// on the same API and database in the same run. Needs PostgreSQL and NATS (split processes).
import pg from 'pg';
import { NATS_URL, freePort, scratchDatabase, startFerrum } from '../lib/services.mjs';
import { summarize, row } from '../lib/stats.mjs';
import { throughput } from '../lib/load.mjs';
import { bareNest } from '../lib/floors.mjs';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };

export async function agentLookup({ nodes = 10_000, portsPerNode = 4, seconds = 5, concurrency = 16 } = {}) {
  console.log(`\n# agent lookup: ${nodes} nodes / ${nodes * portsPerNode} ports (split api + conductor on PostgreSQL and NATS), concurrency ${concurrency}, ${seconds}s`);
  const db = await scratchDatabase();
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: db.url, NATS_URL, FERRUM_NATS_NAMESPACE: `benchlookup${process.pid}`, FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0', FERRUM_CHECK_PROVISION_STATE_INTERVAL_S: '0' };
  const procs = [];
  try {
    const apiProc = startFerrum('api', { ...env, FERRUM_API_PORT: String(port) }, async () => (await fetch(`${api}/v1`).catch(() => undefined))?.status === 200);
    procs.push(apiProc);
    await apiProc.ready;
    const conductor = startFerrum('conductor', { ...env, FERRUM_CONDUCTOR_HOSTNAME: 'bench-lookup' }, async () => {
      const r = await fetch(`${api}/v1/conductors`, { headers: HEADERS }).catch(() => undefined);
      return !!r && (await r.json()).conductors?.some((c) => c.alive);
    });
    procs.push(conductor);
    await conductor.ready;
    // Seed straight into the database: nodes waiting for their agent, each already holding a token (the
    // steady state: lookups after the first answer "******" without taking the node's lock).
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `INSERT INTO nodes (uuid, name, driver, provision_state, driver_internal_info, deploy_interface, vendor_interface, power_interface)
       SELECT gen_random_uuid(), 'lookup-' || i, 'fake-hardware', 'wait call-back', '{"agent_secret_token": "sha256:00"}', 'fake', 'fake', 'fake'
       FROM generate_series(1, $1) AS i`,
      [nodes],
    );
    await client.query(
      `INSERT INTO ports (uuid, address, node_id)
       SELECT gen_random_uuid(),
              '52:54:' || substr(h, 1, 2) || ':' || substr(h, 3, 2) || ':' || substr(h, 5, 2) || ':' || lpad(to_hex(p), 2, '0'), id
       FROM (SELECT id, lpad(to_hex(id), 6, '0') AS h FROM nodes) n, generate_series(1, $1) AS p`,
      [portsPerNode],
    );
    await client.query('ANALYZE nodes; ANALYZE ports');
    const { rows } = await client.query('SELECT n.uuid, p.address FROM ports p JOIN nodes n ON n.id = p.node_id');
    await client.end();
    const pick = () => rows[Math.floor(Math.random() * rows.length)];
    const lookup = async () => {
      const r = pick();
      const res = await fetch(`${api}/v1/lookup?addresses=${encodeURIComponent(r.address)}`, { headers: HEADERS });
      const body = await res.json();
      if (res.status !== 200 || body.node?.uuid !== r.uuid) throw new Error(`lookup of ${r.address} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    };
    const show = async () => {
      const r = pick();
      const res = await fetch(`${api}/v1/nodes/${r.uuid}`, { headers: HEADERS });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET node answered ${res.status}`);
    };
    const base = await throughput(show, { concurrency, seconds });
    const look = await throughput(lookup, { concurrency, seconds });
    const b = summarize(base.samples);
    const l = summarize(look.samples);
    // The machine's own floor for a p99 at this concurrency: bare Nest on Fastify answering a lookup body it
    // already holds (no database, no bus), driven by the same load generator in the same run.
    const sample = await (await fetch(`${api}/v1/lookup?addresses=${encodeURIComponent(rows[0].address)}`, { headers: HEADERS })).json();
    const nest = await bareNest(sample);
    let floor;
    try {
      floor = summarize((await throughput(async () => {
        const res = await fetch(nest.url(rows[0].uuid), { headers: HEADERS });
        await res.arrayBuffer();
      }, { concurrency, seconds })).samples);
    } finally {
      await nest.stop();
    }
    const result = row('GET /v1/lookup?addresses=<MAC> req/s', look.rps, 'req/s', 'GET /v1/nodes/{uuid} req/s', base.rps);
    // Latencies of the calls above, each taken with `concurrency` calls in flight.
    row(`lookup p50, ${concurrency} in flight`, l.p50, 'ms', `GET /v1/nodes/{uuid} p50, ${concurrency} in flight`, b.p50);
    row(`lookup p99, ${concurrency} in flight`, l.p99, 'ms', `GET /v1/nodes/{uuid} p99, ${concurrency} in flight`, b.p99, {
      op: '≤',
      limit: 10,
      on: 'value',
      label: `agent lookup p99, ${concurrency} in flight, ${nodes} nodes / ${nodes * portsPerNode} ports`,
    });
    row(`lookup p99, ${concurrency} in flight`, l.p99, 'ms', `bare Nest-on-Fastify p99, ${concurrency} in flight`, floor.p99);
    console.log(`  ${l.n} lookups, ${b.n} node shows measured; bare Nest-on-Fastify serving the lookup body: p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms`);
    return { ...result, p50: l.p50, p99: l.p99 };
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await db.drop();
  }
}
