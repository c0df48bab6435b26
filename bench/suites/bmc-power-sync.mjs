import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ROOT } from '../lib/services.mjs';
import { row, summarize } from '../lib/stats.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const TESTBEDS = process.env.FERRUM_TESTBEDS_DIR ?? join(ROOT, '..', 'shared', 'testbeds');
const IPMI_NODES = Number(process.env.BENCH_IPMI_NODES ?? 100);
const REDFISH_NODES = Number(process.env.BENCH_REDFISH_NODES ?? 1000);
const IPMI_BASE_PORT = Number(process.env.BENCH_IPMI_BASE_PORT ?? 17700);
const SYNC_WORKERS = 8; // FERRUM_SYNC_POWER_STATE_WORKERS default (Ironic's sync_power_state_workers)
const IFACES = { bios: 'no-bios', boot: 'ipxe', console: 'no-console', deploy: 'direct', raid: 'no-raid', rescue: 'no-rescue', vendor: 'no-vendor', network: 'flat', storage: 'noop' };

/** utime + stime of the conductor plus cutime + cstime of its reaped children (the ipmitool processes), in seconds. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

async function insertNodes(db, driver, power, management, inspect, infos) {
  const cols = ['uuid', 'name', 'driver', 'provision_state', 'power_state', 'driver_info', 'power_interface', 'management_interface', 'inspect_interface', ...Object.keys(IFACES).map((k) => `${k}_interface`)];
  for (let i = 0; i < infos.length; i += 500) {
    const chunk = infos.slice(i, i + 500);
    const values = [];
    const params = [];
    chunk.forEach(({ name, powerState, info }) => {
      const base = params.length;
      params.push(name, driver, powerState, JSON.stringify(info));
      values.push(`(gen_random_uuid(), $${base + 1}, $${base + 2}, 'manageable', $${base + 3}, $${base + 4}::jsonb, '${power}', '${management}', '${inspect}', ${Object.values(IFACES).map((v) => `'${v}'`).join(', ')})`);
    });
    await db.query(`INSERT INTO nodes (${cols.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

/** Starts a conductor that syncs every `intervalS`, waits for `passes` full passes over `count` nodes; returns seconds and CPU-seconds per pass. */
async function measurePasses(startConductor, env, count, intervalS, passes = 3) {
  const conductor = startConductor({ ...env, FERRUM_SYNC_POWER_STATE_INTERVAL_S: String(intervalS), FERRUM_LOG_LEVEL: 'debug' });
  const seen = [];
  const failures = [];
  conductor.child.stdout.on('data', (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.includes('periodic task done') || !line.includes('power-sync')) continue;
      const entry = JSON.parse(line);
      if (entry.result?.checked >= count) {
        seen.push(entry.ms / 1000);
        failures.push(entry.result.failed + entry.result.forced + entry.result.maintenance);
      }
    }
  });
  await conductor.ready;
  // The first pass warms connections and ipmitool's page cache; measure the ones after it.
  while (seen.length < 1) await new Promise((r) => setTimeout(r, 100));
  const cpuStart = cpuSeconds(conductor.child.pid);
  const start = seen.length;
  while (seen.length < start + passes) await new Promise((r) => setTimeout(r, 100));
  const cpu = (cpuSeconds(conductor.child.pid) - cpuStart) / (seen.length - start);
  await conductor.stop();
  return { perPass: summarize(seen.slice(start)).p50, cpu, failures: failures.reduce((a, b) => a + b, 0) };
}

/** The same status calls without Ferrum: ipmitool processes or undici GETs, SYNC_WORKERS at a time. */
async function rawPass(items, fn) {
  const t = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: SYNC_WORKERS }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
  return (performance.now() - t) / 1000;
}

/**
 * Issue 6's benchmark: one conductor's power-state sync pass over 100 IPMI BMCs (pyghmi, ../shared/testbeds)
 * and over 1,000 Redfish systems (Ferrum's BMC emulator, one port), each beside the same status calls
 * made directly (ipmitool processes / undici GETs, as many at once as the sync's workers).
 */
export async function bmcPowerSync({ databaseUrl, env, startConductor }) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // Earlier suites' fake nodes would be synced too; this suite measures BMC nodes alone.
  await db.query(`DELETE FROM nodes WHERE driver = 'fake-hardware'`);
  const results = [];
  const simDir = mkdtempSync(join(tmpdir(), 'ferrum-bench-ipmi-'));
  const simEnv = { ...process.env, IPMI_SIM_DIR: simDir };
  const { RedfishEmulator } = require(join(ROOT, 'dist/libs/bmc-emulator/src/index.js'));
  const emulator = new RedfishEmulator({ mockupDir: join(TESTBEDS, 'redfish-mockups', 'public-rackmount1'), systems: REDFISH_NODES });
  try {
    console.log(`\n# power-state sync over ${IPMI_NODES} IPMI BMCs (pyghmi) and ${REDFISH_NODES} Redfish systems (emulator), ${SYNC_WORKERS} sync workers`);
    await run(join(TESTBEDS, 'ipmi-sim.sh'), ['start', String(IPMI_NODES), String(IPMI_BASE_PORT)], { env: simEnv, timeout: 300_000 });
    const ports = Array.from({ length: IPMI_NODES }, (_, i) => IPMI_BASE_PORT + i);
    await insertNodes(db, 'ipmi', 'ipmitool', 'ipmitool', 'no-inspect', ports.map((port) => ({
      name: `bench-ipmi-${port}`,
      powerState: 'power off',
      info: { ipmi_address: '127.0.0.1', ipmi_port: port, ipmi_username: 'admin', ipmi_password: 'password' },
    })));
    // The same calls straight from here first, on fresh BMCs; a call that gets no answer is tried again, as the driver would.
    const pw = join(simDir, 'pw');
    writeFileSync(pw, 'password', { mode: 0o600 });
    let rawRetries = 0;
    const status = (port) => run('ipmitool', ['-I', 'lanplus', '-H', '127.0.0.1', '-p', String(port), '-U', 'admin', '-f', pw, '-R', '1', '-N', '1', 'power', 'status']);
    // pyghmi's one-process simulator sometimes drops a session set-up under 8 parallel clients: try a few times, as the driver does.
    const statusRetried = async (port, attempts = 4) => {
      for (let n = 1; ; n++) {
        try {
          return await status(port);
        } catch (err) {
          if (n >= attempts) throw err;
          rawRetries++;
          await new Promise((r) => setTimeout(r, 200 * n));
        }
      }
    };
    const rawIpmi = await rawPass(ports, (port) => statusRetried(port));
    console.log(`raw ipmitool pass ${rawIpmi.toFixed(2)} s (${rawRetries} calls retried)`);
    // Passes 6 s apart: Ironic's 5 s minimum interval between calls to one BMC stays out of the pass time.
    const ipmi = await measurePasses(startConductor, env, IPMI_NODES, 6);
    console.log(`ipmi sync pass: ${ipmi.perPass.toFixed(2)} s, ${ipmi.cpu.toFixed(2)} CPU-s per pass (conductor + its ipmitool children), ${ipmi.failures} failed/forced nodes over the measured passes`);
    results.push(row(`ipmi power-sync pass (${IPMI_NODES} BMCs)`, ipmi.perPass, 's', 'raw ipmitool power status pass', rawIpmi));
    results.push({ name: 'ipmi power-sync CPU-seconds per pass', value: ipmi.cpu });
    await db.query(`DELETE FROM nodes WHERE driver = 'ipmi'`);

    const url = await emulator.listen();
    const ids = emulator.systemIds;
    await insertNodes(db, 'redfish', 'redfish', 'redfish', 'redfish', ids.map((id) => ({
      name: `bench-redfish-${id}`,
      powerState: 'power on',
      info: { redfish_address: url, redfish_system_id: `/redfish/v1/Systems/${id}`, redfish_username: 'admin', redfish_password: 'password' },
    })));
    const redfish = await measurePasses(startConductor, env, REDFISH_NODES, 2);
    const { Pool } = require('undici');
    const pool = new Pool(url, { connections: SYNC_WORKERS });
    const auth = `Basic ${Buffer.from('admin:password').toString('base64')}`;
    const rawRedfish = await rawPass(ids, async (id) => {
      const res = await pool.request({ method: 'GET', path: `/redfish/v1/Systems/${id}`, headers: { authorization: auth } });
      await res.body.json();
    });
    await pool.close();
    console.log(`redfish sync pass: ${redfish.perPass.toFixed(2)} s, ${redfish.cpu.toFixed(2)} CPU-s per pass (conductor), ${redfish.failures} failed/forced nodes over the measured passes; raw GET pass ${rawRedfish.toFixed(2)} s`);
    results.push(row(`redfish power-sync pass (${REDFISH_NODES} systems)`, redfish.perPass, 's', 'raw undici GET system pass', rawRedfish));
    results.push({ name: 'redfish power-sync CPU-seconds per pass', value: redfish.cpu });
    await db.query(`DELETE FROM nodes WHERE driver = 'redfish'`);
  } finally {
    await emulator.close();
    await run(join(TESTBEDS, 'ipmi-sim.sh'), ['stop'], { env: simEnv }).catch(() => undefined);
    rmSync(simDir, { recursive: true, force: true });
    await db.end();
  }
  return results;
}
