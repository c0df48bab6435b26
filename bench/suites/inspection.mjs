import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { freePort, scratchDatabase, startFerrum } from '../lib/services.mjs';
import { fmt, row, summarize } from '../lib/stats.mjs';

const MACHINES = Number(process.env.BENCH_INSPECTION_MACHINES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_INSPECTION_CONCURRENCY ?? 100);
const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78', 'Content-Type': 'application/json' };
const GiB = 1024 ** 3;

/** Runs `fn(i)` for i < count with `concurrency` in flight; returns per-call latencies (ms). */
async function pool(count, concurrency, fn) {
  const samples = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        samples.push(performance.now() - t);
      }
    }),
  );
  return samples;
}

/** An agent's inspection payload (§13.4) from a template: each machine differs in MACs, CPUs, memory and disks. */
function payload(i, mac) {
  const second = `${mac.slice(0, 6)}01:${mac.slice(9)}`;
  return {
    inventory: {
      interfaces: [
        { name: 'eno1', mac_address: mac, ipv4_address: `10.${(i >> 8) & 255}.${i & 255}.10`, has_carrier: true },
        { name: 'eno2', mac_address: second, ipv4_address: null, has_carrier: false },
      ],
      cpu: { model_name: 'Bench CPU', frequency: '2400', count: 8 * (1 + (i % 4)), architecture: 'x86_64', flags: ['vmx', 'aes', 'pse', 'pdpe1gb'] },
      memory: { total: 64 * GiB, physical_mb: 65536 * (1 + (i % 2)) },
      disks: [
        { name: '/dev/sda', size: (480 + (i % 7)) * GiB, rotational: false, model: 'SSD', serial: `S${i}` },
        { name: '/dev/sdb', size: 4000 * GiB, rotational: true, model: 'HDD', serial: `H${i}` },
      ],
      bmc_address: '0.0.0.0',
      system_vendor: { product_name: 'Bench', manufacturer: 'Ferrum', serial_number: `SN${i}` },
      boot: { current_boot_mode: 'uefi', pxe_interface: mac },
    },
    boot_interface: `01-${mac.replace(/:/g, '-')}`,
    error: null,
  };
}

async function until(what, check, timeoutMs = 600_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Issues 7 and 17: 1,000 simulated machines inspected end to end with one conductor and one inspector (and
 * the API) as separate processes on PostgreSQL and NATS, once with the `inspector` inspect interface (ramdisks
 * post to the inspector's /v1/continue) and once with `agent` (they post to the API's /v1/continue_inspection,
 * forwarded over NATS). Each node is sent `inspect` through the API; once the inspector has it waiting, the
 * "ramdisks" post their inventories concurrently. Reports each run's wall time (first inspect request to the
 * last node back in manageable) and callback p50/p99, beside the inspector's GET / and each other.
 */
export async function inspection({ natsUrl }) {
  const db = await scratchDatabase();
  const [apiPort, inspPort] = [await freePort(), await freePort()];
  const api = `http://127.0.0.1:${apiPort}`;
  const inspector = `http://127.0.0.1:${inspPort}`;
  const env = {
    DATABASE_URL: db.url,
    NATS_URL: natsUrl,
    FERRUM_NATS_NAMESPACE: `benchinsp${process.pid}`,
    FERRUM_WORKERS_POOL_SIZE: '2000',
    FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
    FERRUM_INSPECTOR_PORT: String(inspPort),
    FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
    FERRUM_INSPECTOR_ADD_PORTS: 'all',
    FERRUM_INSPECTOR_STATUS_CHECK_PERIOD_S: '0',
    FERRUM_CONDUCTOR_HOSTNAME: 'bench-insp-conductor',
  };
  const started = [];
  const up = async (url) => (await fetch(url).catch(() => undefined))?.status === 200;
  try {
    const conductor = startFerrum('conductor', env, async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect().catch(() => undefined);
      const r = await c.query(`SELECT 1 FROM conductors WHERE online`).catch(() => ({ rows: [] }));
      await c.end().catch(() => undefined);
      return r.rows.length > 0;
    });
    started.push(conductor);
    await conductor.ready;
    const insp = startFerrum('inspector', env, () => up(`${inspector}/`));
    const apiProc = startFerrum('api', { ...env, FERRUM_API_PORT: String(apiPort) }, () => up(`${api}/v1`));
    started.push(insp, apiProc);
    await Promise.all([insp.ready, apiProc.ready]);

    console.log(`\n# in-band inspection of ${MACHINES} simulated machines, each dialect (api + 1 conductor + 1 inspector, ${CONCURRENCY} requests in flight)`);
    const rootBaseline = summarize(await pool(500, 1, async () => (await fetch(`${inspector}/`)).arrayBuffer()));
    const inspectorRun = await runOnce({ db, api, inspector, dialect: 'inspector', macPrefix: '52:54' });
    const agentRun = await runOnce({ db, api, inspector, dialect: 'agent', macPrefix: '52:56' });
    return [
      row('inspect request (PUT provision) p50, inspector interface', inspectorRun.inspect.p50, 'ms', 'inspector GET / p50', rootBaseline.p50),
      row('ramdisk callback (/v1/continue) p50', inspectorRun.callback.p50, 'ms', 'inspector GET / p50', rootBaseline.p50),
      row('ramdisk callback (/v1/continue) p99', inspectorRun.callback.p99, 'ms', 'inspector GET / p99', rootBaseline.p99),
      row('agent callback (API /v1/continue_inspection) p50', agentRun.callback.p50, 'ms', 'inspector /v1/continue p50', inspectorRun.callback.p50),
      row('agent callback (API /v1/continue_inspection) p99', agentRun.callback.p99, 'ms', 'inspector /v1/continue p99', inspectorRun.callback.p99),
      row('agent inspection total wall time', agentRun.total * 1000, 'ms', 'inspector interface total', inspectorRun.total * 1000),
      { name: 'inspection total wall time, inspector interface (s)', value: inspectorRun.total },
      { name: 'inspection total wall time, agent interface (s)', value: agentRun.total },
    ];
  } finally {
    for (const p of started.reverse()) await p.stop();
    await db.drop();
  }
}

/** One dialect's run: bulk-enrolled manageable nodes, `inspect` for each, then every ramdisk's callback. */
async function runOnce({ db, api, inspector, dialect, macPrefix }) {
  // Enrolled and managed nodes with one port each, written in bulk (enrolment is not what is measured).
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const ifaces = { bios: 'fake', boot: 'fake', console: 'fake', deploy: 'fake', inspect: dialect, management: 'fake', network: 'flat', power: 'fake', raid: 'fake', rescue: 'fake', storage: 'noop', vendor: 'fake' };
  const tag = randomBytes(2).toString('hex');
  await c.query(
    `INSERT INTO nodes (uuid, name, driver, provision_state, power_state, ${Object.keys(ifaces).map((k) => `${k}_interface`).join(', ')})
     SELECT gen_random_uuid(), 'insp-${tag}-' || g, 'fake-hardware', 'manageable', 'power off', ${Object.values(ifaces).map((v) => `'${v}'`).join(', ')}
       FROM generate_series(1, $1) g`,
    [MACHINES],
  );
  const { rows } = await c.query(`SELECT id, uuid FROM nodes WHERE name LIKE 'insp-${tag}-%' ORDER BY id`);
  const macs = rows.map((_, i) => `${macPrefix}:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`);
  await c.query(
    `INSERT INTO ports (uuid, address, node_id) SELECT gen_random_uuid(), a, n FROM unnest($1::varchar[], $2::int[]) AS t(a, n)`,
    [macs, rows.map((r) => r.id)],
  );


  const t0 = performance.now();
  const inspectLat = await pool(rows.length, CONCURRENCY, async (i) => {
    const r = await fetch(`${api}/v1/nodes/${rows[i].uuid}/states/provision`, { method: 'PUT', headers: HEADERS, body: JSON.stringify({ target: 'inspect' }) });
    if (r.status !== 202) throw new Error(`inspect ${rows[i].uuid}: ${r.status} ${await r.text()}`);
  });
  await until('all introspections waiting', async () => (await c.query(`SELECT count(*)::int AS n FROM introspection_nodes WHERE state = 'waiting' AND dialect = $1`, [dialect])).rows[0].n >= rows.length);
  const tWaiting = performance.now();
  const failures = [];
  const callbackLat = await pool(rows.length, CONCURRENCY, async (i) => {
    // The agent interface's ramdisk posts to Ironic's callback on the API (202), the inspector's to /v1/continue (200).
    const url = dialect === 'agent' ? `${api}/v1/continue_inspection` : `${inspector}/v1/continue`;
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload(i, macs[i])) });
    const body = await r.text();
    if (r.status !== (dialect === 'agent' ? 202 : 200)) failures.push(`${r.status} ${body}`);
  });
  await until('all nodes manageable', async () => {
    const { rows: s } = await c.query(`SELECT provision_state, count(*)::int AS n FROM nodes WHERE name LIKE 'insp-${tag}-%' GROUP BY 1`);
    const done = s.filter((x) => x.provision_state === 'manageable').reduce((a, x) => a + x.n, 0);
    const failed = s.filter((x) => x.provision_state === 'inspect failed').reduce((a, x) => a + x.n, 0);
    return done + failed >= rows.length;
  });
  const total = (performance.now() - t0) / 1000;
  const { rows: outcome } = await c.query(`SELECT provision_state, count(*)::int AS n FROM nodes WHERE name LIKE 'insp-${tag}-%' GROUP BY 1 ORDER BY 1`);
  const { rows: portCount } = await c.query(`SELECT count(*)::int AS n FROM ports p JOIN nodes n ON n.id = p.node_id WHERE n.name LIKE 'insp-${tag}-%'`);
  await c.end();

  const cb = summarize(callbackLat);
  const st = summarize(inspectLat);
  console.log(`${dialect} inspect interface:`);
  console.log(
    `outcome: ${outcome.map((o) => `${o.n} ${o.provision_state}`).join(', ')}; ${portCount[0].n} ports; ${failures.length} callbacks refused${failures.length ? ` (first: ${failures[0]})` : ''}`,
  );
  console.log(
    `total wall time ${fmt(total)} s for ${rows.length} machines (${fmt(rows.length / total)} machines/s); all waiting after ${fmt((tWaiting - t0) / 1000)} s; callbacks took ${fmt((performance.now() - tWaiting) / 1000)} s incl. finish`,
  );
  return { total, inspect: st, callback: cb };
}
