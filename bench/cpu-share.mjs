// `node bench/cpu-share.mjs [get] [put] [passthru] [nest]`: where the CPU goes while one kind of request runs at
// a fixed concurrency. Starts an API and a conductor (split, on PostgreSQL and NATS), drives the request for a
// few seconds, and prints each party's share of the machine and CPU time per request: the API, the conductor,
// the load generator (this process), PostgreSQL (all its processes), NATS, and a bare Nest-on-Fastify baseline
// (`nest`). Then the API's and conductor's own timings from /metrics (HTTP, RPC both sides, lock waits).
// Ratios in bench/run.mjs say how far a target is; this says whose CPU to look at. Linux only (/proc).
// CPU_SHARE_CONCURRENCY (16), CPU_SHARE_SECONDS (6); BENCH_CPU_PROF=<dir> profiles the Ferrum processes.
import { bareNest } from './lib/floors.mjs';
import { allPids, cpuTicks, pidsNamed, readProc } from './lib/procfs.mjs';
import { throughput } from './lib/load.mjs';
import { NATS_URL, freePort, scratchDatabase, startFerrum } from './lib/services.mjs';
import { summarize } from './lib/stats.mjs';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };
const JSON_HEADERS = { ...HEADERS, 'content-type': 'application/json' };
const concurrency = Number(process.env.CPU_SHARE_CONCURRENCY ?? 16);
const seconds = Number(process.env.CPU_SHARE_SECONDS ?? 6);


const db = await scratchDatabase();
const port = await freePort();
const conductorHealth = await freePort();
const api = `http://127.0.0.1:${port}`;
const env = {
  DATABASE_URL: db.url,
  NATS_URL,
  FERRUM_NATS_NAMESPACE: `cpushare${process.pid}`,
  FERRUM_CONDUCTOR_HOSTNAME: 'cpu-share',
  FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo',
  FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
  FERRUM_WORKERS_POOL_SIZE: '1000',
};
const started = [];
try {
  const apiProc = startFerrum('api', { ...env, FERRUM_API_PORT: String(port) }, async () => (await fetch(`${api}/v1`).catch(() => undefined))?.status === 200);
  started.push(apiProc);
  await apiProc.ready;
  const conductor = startFerrum('conductor', { ...env, FERRUM_CONDUCTOR_HEALTH_PORT: String(conductorHealth) }, async () => {
    const r = await fetch(`${api}/v1/conductors`, { headers: HEADERS }).catch(() => undefined);
    return !!r && (await r.json()).conductors?.some((c) => c.alive);
  });
  started.push(conductor);
  await conductor.ready;

  const nodes = [];
  for (let i = 0; i < 256; i++) {
    const r = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ driver: 'fake-hardware', name: `cpu-share-${i}` }) });
    nodes.push((await r.json()).uuid);
  }
  const nest = await bareNest(await (await fetch(`${api}/v1/nodes/${nodes[0]}`, { headers: HEADERS })).json());
  started.push(nest);
  const nestPids = allPids().filter((p) => readProc(`/proc/${p}/cmdline`).includes('bare-nest'));

  // Each request kind; a global counter spreads the power PUTs over the nodes so that none waits on a lock.
  let k = 0;
  const target = new Map();
  const statuses = {};
  const count = (status) => (statuses[status] = (statuses[status] ?? 0) + 1);
  const kinds = {
    get: async () => {
      const r = await fetch(`${api}/v1/nodes/${nodes[k++ % nodes.length]}`, { headers: HEADERS });
      await r.arrayBuffer();
      count(r.status);
    },
    put: async () => {
      const uuid = nodes[k++ % nodes.length];
      const want = target.get(uuid) ?? 'power on';
      const r = await fetch(`${api}/v1/nodes/${uuid}/states/power`, { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ target: want }) });
      await r.arrayBuffer();
      count(r.status);
      if (r.status === 202) target.set(uuid, want === 'power on' ? 'power off' : 'power on');
    },
    passthru: async () => {
      const r = await fetch(`${api}/v1/drivers/ferrum-demo/vendor_passthru/echo`, { method: 'POST', headers: JSON_HEADERS, body: '{"x":1}' });
      await r.arrayBuffer();
      count(r.status);
    },
    nest: async () => {
      const r = await fetch(nest.url(nodes[k++ % nodes.length]), { headers: HEADERS });
      await r.arrayBuffer();
      count(r.status);
    },
  };

  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ['get'];
  for (const kind of wanted) {
    const fn = kinds[kind];
    if (!fn) throw new Error(`unknown request kind ${kind} (get, put, passthru, nest)`);
    for (const key of Object.keys(statuses)) delete statuses[key];
    await throughput(fn, { concurrency, seconds: 1 });
    const parties = { api: [apiProc.child.pid], conductor: [conductor.child.pid], 'load generator': [process.pid], postgresql: pidsNamed('postgres'), nats: pidsNamed('nats-server'), 'bare nest': nestPids };
    const sum = (pids) => pids.reduce((s, p) => s + cpuTicks(p), 0);
    const before = Object.fromEntries(Object.entries(parties).map(([name, pids]) => [name, sum(pids)]));
    const t0 = performance.now();
    const run = await throughput(fn, { concurrency, seconds });
    const elapsed = (performance.now() - t0) / 1000;
    const lat = summarize(run.samples);
    console.log(`\n# ${kind}: ${Math.round(run.rps)} req/s at ${concurrency} in flight, p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms, statuses ${JSON.stringify(statuses)}`);
    for (const [name, pids] of Object.entries(parties)) {
      const used = (sum(pids) - before[name]) / 100;
      console.log(`  ${name.padEnd(15)} ${(used / elapsed).toFixed(2).padStart(5)} cores  ${String(Math.round((used * 1e6) / run.samples.length)).padStart(6)} µs CPU per request`);
    }
  }
  console.log('\n# timings the services report (/metrics: sums in seconds, counts)');
  for (const [who, url] of [['api', `${api}/metrics`], ['conductor', `http://127.0.0.1:${conductorHealth}/metrics`]]) {
    const text = await (await fetch(url)).text();
    for (const line of text.split('\n')) {
      if (/_(sum|count)\{/.test(line) && /rpc_duration|http_request_duration|lock_wait/.test(line) && !/health|ping|conductors"|"\/v1"/.test(line)) console.log(`  ${who} ${line}`);
    }
  }
} finally {
  for (const s of started.reverse()) await s.stop();
  await db.drop();
}
