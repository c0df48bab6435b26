import { readFileSync } from 'node:fs';
import pg from 'pg';
import { latencies } from '../lib/load.mjs';
import { startFerrum } from '../lib/services.mjs';
import { row, summarize } from '../lib/stats.mjs';

const NODES = Number(process.env.BENCH_SYNC_NODES ?? 10_000);
const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function getNodeP99(api, uuids, count) {
  return summarize(
    await latencies(async (i) => {
      const r = await fetch(`${api}/v1/nodes/${uuids[i % uuids.length]}`, { headers: HEADERS });
      await r.arrayBuffer();
    }, count),
  );
}

/**
 * Issue 3's benchmark: one conductor syncing the power state of 10,000 fake nodes. Reports seconds per
 * pass, the conductor's CPU-seconds per pass, and the API's GET p99 with and without passes running.
 */
export async function powerSync({ api, databaseUrl, env, startConductor }) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const ifaces = ['bios', 'boot', 'console', 'deploy', 'inspect', 'management', 'power', 'raid', 'rescue', 'vendor'];
  await db.query(
    `INSERT INTO nodes (uuid, name, driver, provision_state, power_state, network_interface, storage_interface, ${ifaces.map((k) => `${k}_interface`).join(', ')})
     SELECT gen_random_uuid(), 'sync-' || g, 'fake-hardware', 'manageable', 'power on', 'flat', 'noop', ${ifaces.map(() => `'fake'`).join(', ')}
       FROM generate_series(1, $1) g`,
    [NODES],
  );
  const { rows } = await db.query(`SELECT uuid FROM nodes WHERE name LIKE 'sync-%' ORDER BY random() LIMIT 500`);
  const uuids = rows.map((r) => r.uuid);
  await db.end();

  console.log(`\n# power-state sync over ${NODES} fake nodes on one conductor`);
  const quiet = await getNodeP99(api, uuids, 1500);

  const conductor = startConductor({ ...env, FERRUM_SYNC_POWER_STATE_INTERVAL_S: '1', FERRUM_LOG_LEVEL: 'debug' });
  const passes = [];
  conductor.child.stdout.on('data', (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.includes('periodic task done') || !line.includes('power-sync')) continue;
      const entry = JSON.parse(line);
      if (entry.result?.checked >= NODES) passes.push(entry.ms / 1000);
    }
  });
  await conductor.ready;
  while (passes.length < 1) await new Promise((r) => setTimeout(r, 100));
  const cpuStart = cpuSeconds(conductor.child.pid);
  const passesStart = passes.length;
  const busy = await getNodeP99(api, uuids, 1500);
  while (passes.length < passesStart + 3) await new Promise((r) => setTimeout(r, 100));
  const cpuPerPass = (cpuSeconds(conductor.child.pid) - cpuStart) / (passes.length - passesStart);
  await conductor.stop();

  const perPass = summarize(passes);
  console.log(`power-sync pass: ${perPass.p50.toFixed(2)} s (median of ${passes.length}), ${cpuPerPass.toFixed(2)} CPU-s per pass, ${(NODES / perPass.p50).toFixed(0)} nodes/s`);
  return [
    row('GET node p99 during sync passes', busy.p99, 'ms', 'GET node p99 without sync', quiet.p99),
    row('GET node p50 during sync passes', busy.p50, 'ms', 'GET node p50 without sync', quiet.p50),
    { name: 'power-sync seconds per pass', value: perPass.p50 },
    { name: 'power-sync CPU-seconds per pass', value: cpuPerPass },
  ];
}
