// npm run bench: measures Ferrum against baselines taken in the same run on the same machine,
// and prints ratios (absolute numbers depend on the machine; the ratios are what to compare).
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_URL, PG_URL, freePort, reachable, scratchDatabase, startFerrum } from './lib/services.mjs';
import { apiBasics } from './suites/api-basics.mjs';
import { passthru } from './suites/passthru.mjs';
import { powerSync } from './suites/power-sync.mjs';
import { bmcPowerSync } from './suites/bmc-power-sync.mjs';
import { inspection } from './suites/inspection.mjs';
import { agentImageWrite } from './suites/agent-image-write.mjs';
import { agentLookup } from './suites/agent-lookup.mjs';
import { authOverhead } from './suites/auth.mjs';
import { labScale } from './suites/lab.mjs';
import { eventStream } from './suites/event-stream.mjs';
import { printTargets } from './lib/stats.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
// BENCH_ONLY=api-basics,passthru,bmc-power-sync,inspection,agent-lookup,event-stream,agent-image-write,auth runs just those suites
// (passthru takes its baselines from api-basics, so it runs both; fake power-sync runs only in a full run).
// `npm run bench -- lab` (or BENCH_ONLY=lab) runs issue 19's scale run alone: it is long, and not part of a full run.
const only = process.argv.includes('lab') ? new Set(['lab']) : process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((x) => x.trim())) : undefined;

async function up(url) {
  try {
    return (await fetch(`${url}/v1`)).status === 200;
  } catch {
    return false;
  }
}

async function main() {
  const real = (await reachable(PG_URL)) && (await reachable(NATS_URL));
  if (only?.has('lab')) {
    if (!real) throw new Error('the lab scale run needs PostgreSQL and NATS (split processes)');
    await labScale();
    return;
  }
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const started = [];
  let db;
  let env;
  let conductor;
  // A conductor is ready once the API lists it as alive.
  const startConductor = (e) => {
    const p = startFerrum('conductor', e, async () => {
      const r = await fetch(`${api}/v1/conductors`, { headers: { 'X-OpenStack-Ironic-API-Version': '1.78' } }).catch(() => undefined);
      return !!r && (await r.json()).conductors?.some((c) => c.alive);
    });
    started.push(p);
    return p;
  };
  let dataDir;
  // The default hardware types plus ferrum-demo, whose driver-level echo the passthru suite measures.
  const types = { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management,ipmi,redfish,ferrum-demo' };
  try {
    if (real) {
      db = await scratchDatabase();
      env = { ...types, DATABASE_URL: db.url, NATS_URL, FERRUM_NATS_NAMESPACE: `bench${process.pid}`, FERRUM_CONDUCTOR_HOSTNAME: 'bench-conductor', FERRUM_WORKERS_POOL_SIZE: '1000', FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0' };
      const apiProc = startFerrum('api', { ...env, FERRUM_API_PORT: String(port) }, () => up(api));
      started.push(apiProc);
      await apiProc.ready;
      conductor = startConductor(env);
      await conductor.ready;
      console.log(`mode: split processes (api + 1 conductor) on PostgreSQL and NATS; ${seconds}s per throughput run`);
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'ferrum-bench-'));
      const all = startFerrum('all', { ...types, FERRUM_API_PORT: String(port), FERRUM_DB_DIR: dataDir, FERRUM_INSPECTOR_PORT: String(await freePort()) }, () => up(api));
      started.push(all);
      await all.ready;
      console.log('mode: all-in-one on PGlite (PostgreSQL/NATS not reachable: NATS and SQL baselines are n/a)');
    }
    if (!only || only.has('api-basics') || only.has('passthru')) {
      const { baselines } = await apiBasics({ api, databaseUrl: db?.url, natsUrl: real ? NATS_URL : undefined, seconds });
      if (!only || only.has('passthru')) await passthru({ api, baselines: { natsP50: NaN, ...baselines }, seconds, natsUrl: real ? NATS_URL : undefined });
    }
    if (real) {
      await conductor.stop();
      if (!only) await powerSync({ api, databaseUrl: db.url, env, startConductor });
      if (!only || only.has('bmc-power-sync')) await bmcPowerSync({ databaseUrl: db.url, env, startConductor });
      if (!only || only.has('inspection')) await inspection({ natsUrl: NATS_URL });
      if (!only || only.has('agent-lookup')) await agentLookup({ seconds });
      if (!only || only.has('event-stream')) await eventStream();
    } else {
      console.log('\n# power-state sync (fake, IPMI, Redfish): skipped (needs PostgreSQL)');
    }
    if (!only || only.has('agent-image-write')) await agentImageWrite();
    if (!only || only.has('auth')) await authOverhead({ seconds });
    printTargets('issue 13 targets (ratios and figures from this run)');
  } finally {
    for (const p of started.reverse()) await p.stop();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
