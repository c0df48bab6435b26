// Issue 19's scale run (`npm run bench -- lab`): N lab machines (BENCH_LAB_MACHINES, default 1000) through the whole
// lifecycle against Ferrum in split mode (an API and 3 conductors on PostgreSQL and NATS), with one conductor
// SIGKILLed mid-deploy. Prints wall time per phase, per-node p50/p99 per phase, the API's p99 while it runs,
// CPU-seconds and peak RSS per process, and every node that is not where it should be.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_URL, freePort, scratchDatabase, startFerrum } from '../lib/services.mjs';
import { childrenOf, cpuTicks, peakRssMiB, pidsNamed } from '../lib/procfs.mjs';
import { percentile } from '../lib/stats.mjs';

const V = { 'X-OpenStack-Ironic-API-Version': '1.82', 'content-type': 'application/json' };
const TRANSIENT = new Set(['verifying', 'inspecting', 'inspect wait', 'cleaning', 'clean wait', 'deploying', 'wait call-back', 'deleting']);

const TICK = Number(process.env.CLK_TCK ?? 100);
/** CPU seconds (user + system) and peak RSS of a process; zeros once it is gone. */
const procStats = (pid) => ({ cpu: cpuTicks(pid) / TICK, rssMiB: peakRssMiB(pid) });
/** Total CPU seconds of every process whose name starts with `name` (PostgreSQL's backends, nats-server). */
const cpuOf = (name) => pidsNamed(name).reduce((total, pid) => total + cpuTicks(pid) / TICK, 0);

async function call(api, method, path, body) {
  const r = await fetch(`${api}${path}`, { method, headers: V, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined, text };
}

/** Every lab node (paged: the API serves at most 1,000 a page). */
async function allNodes(api) {
  const nodes = [];
  let marker = '';
  for (;;) {
    const { json } = await call(api, 'GET', `/v1/nodes?fields=uuid,name,provision_state,target_provision_state,last_error,reservation&limit=1000${marker && `&marker=${marker}`}`);
    nodes.push(...json.nodes);
    if (json.nodes.length < 1000) return nodes.filter((n) => n.name?.startsWith('lab-'));
    marker = json.nodes[json.nodes.length - 1].uuid;
  }
}

/** Runs `fn` over `items` with `n` in flight. */
async function pool(items, n, fn) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let x = queue.shift(); x !== undefined; x = queue.shift()) await fn(x);
  }));
}

export async function labScale({ machines = Number(process.env.BENCH_LAB_MACHINES ?? 1000), conductors = 3 } = {}) {
  const phaseTimeoutMs = Number(process.env.BENCH_LAB_PHASE_TIMEOUT_S ?? 1800) * 1000;
  const share = Number(process.env.BENCH_LAB_FAULT_SHARE ?? 0.01);
  console.log(`\n# lab: ${machines} machines, api + ${conductors} conductors + an inspector (split, PostgreSQL and NATS), ${share * 100}% of machines per injected fault, one conductor SIGKILLed mid-deploy`);
  const db = await scratchDatabase();
  const work = mkdtempSync(join(tmpdir(), 'ferrum-bench-lab-'));
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: db.url,
    NATS_URL,
    FERRUM_NATS_NAMESPACE: `benchlab${process.pid}`,
    FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,redfish',
    FERRUM_HEARTBEAT_INTERVAL_S: '2',
    FERRUM_HEARTBEAT_TIMEOUT_S: '6',
    FERRUM_REDFISH_REQUEST_TIMEOUT_MS: '5000',
    FERRUM_REDFISH_CONNECTION_ATTEMPTS: '2',
    FERRUM_REDFISH_CONNECTION_RETRY_INTERVAL_MS: '500',
    FERRUM_CHECK_PROVISION_STATE_INTERVAL_S: '10',
    FERRUM_DEPLOY_CALLBACK_TIMEOUT_S: process.env.BENCH_LAB_CALLBACK_TIMEOUT_S ?? '120',
    FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '60',
    FERRUM_POWER_POLL_INTERVAL_MS: '250',
    // BENCH_LAB_LOG_LEVEL=info keeps the services' logs, and prints the lines about each misplaced node.
    FERRUM_LOG_LEVEL: process.env.BENCH_LAB_LOG_LEVEL ?? 'warn',
  };
  const procs = [];
  const stats = new Map();
  const track = (label, p) => {
    procs.push({ label, p });
    return p;
  };
  const sample = () => {
    for (const { label, p } of procs) {
      const pids = [p.child.pid, ...(label === 'lab' ? childrenOf(p.child.pid) : [])];
      const s = pids.map(procStats).reduce((a, b) => ({ cpu: a.cpu + b.cpu, rssMiB: a.rssMiB + b.rssMiB }), { cpu: 0, rssMiB: 0 });
      const old = stats.get(label) ?? { cpu: 0, rssMiB: 0 };
      // A killed process reads as zero: keep what it had used.
      stats.set(label, { cpu: Math.max(old.cpu, s.cpu), rssMiB: Math.max(old.rssMiB, s.rssMiB) });
    }
  };
  const sampler = setInterval(sample, 1000);
  const external0 = { pg: cpuOf('postgres'), nats: cpuOf('nats-server') };
  const probe = { on: false, latencies: [], phase: new Map() };
  /** With BENCH_LAB_LOG_LEVEL, what every process logged about a node. */
  const explain = (n) => {
    if (!process.env.BENCH_LAB_LOG_LEVEL) return;
    for (const { label, p } of procs) for (const line of p.logs().split('\n').filter((l) => l.includes(n.uuid) || l.includes(`${n.name} `) || l.includes(`${n.name}:`))) console.log(`      [${label}] ${line.slice(0, 400)}`);
  };
  try {
    const apiProc = track('api', startFerrum('api', { ...env, FERRUM_API_PORT: String(port) }, async () => (await fetch(`${api}/v1`).catch(() => undefined))?.status === 200));
    await apiProc.ready;
    const conductorProcs = [];
    for (let i = 1; i <= conductors; i++) {
      const c = track(`conductor-${i}`, startFerrum('conductor', { ...env, FERRUM_CONDUCTOR_HOSTNAME: `lab-conductor-${i}` }, async () => {
        const { json } = await call(api, 'GET', '/v1/conductors');
        return json.conductors.filter((x) => x.alive).length >= i;
      }));
      await c.ready;
      conductorProcs.push(c);
    }
    // Agent inspection's processing (rules, ports) runs in the inspector role, as in the metal3 e2e.
    const inspectorPort = await freePort();
    const inspector = track('inspector', startFerrum('inspector', { ...env, FERRUM_INSPECTOR_PORT: String(inspectorPort), FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0' }, async () => (await fetch(`http://127.0.0.1:${inspectorPort}/`).catch(() => undefined))?.status === 200));
    await inspector.ready;
    const labHttp = await freePort();
    const labUrl = `http://127.0.0.1:${labHttp}`;
    const started = Date.now();
    // Declared first: the readiness check below reads the lab's output (its summary names the faulty machines).
    let lab;
    lab = track('lab', startFerrum('lab', {
      FERRUM_URL: api,
      FERRUM_LAB_MACHINES: String(machines),
      FERRUM_LAB_ENROLL: 'true',
      FERRUM_LAB_BMC_PORT: String(await freePort()),
      FERRUM_LAB_HTTP_PORT: String(labHttp),
      FERRUM_LAB_DIR: work,
      FERRUM_LAB_BOOT_DELAY_MS: '1000',
      FERRUM_LAB_BMC_TIMEOUT_SHARE: String(share),
      FERRUM_LAB_AGENT_CRASH_SHARE: String(share),
      FERRUM_LAB_BAD_CHECKSUM_SHARE: String(share),
      // The machines' own story (boots, power requests) is at debug.
      FERRUM_LOG_LEVEL: process.env.BENCH_LAB_LOG_LEVEL ? 'debug' : 'info',
    }, async () => /instance image:/.test(lab?.logs() ?? '') && (await allNodes(api)).length === machines));
    await lab.ready;
    // The machines the lab injected a fault into (it names them at start): their phases are timed apart.
    const faulty = (what) => new Set(new RegExp(`fault, ${what}: ([^\\n]+)`).exec(lab.logs())?.[1].split(', ') ?? []);
    const injected = { bmc: faulty('BMC never answers'), crash: faulty('agent crashes writing the image'), checksum: faulty('image arrives corrupted') };
    const isFaulty = (name) => injected.bmc.has(name) || injected.crash.has(name) || injected.checksum.has(name);
    console.log(`  injected: ${[...injected.bmc].join(', ') || 'none'} (BMC never answers); ${[...injected.crash].join(', ') || 'none'} (agent crash); ${[...injected.checksum].join(', ') || 'none'} (corrupted download)`);
    const phases = [{ name: 'enroll', wall: (Date.now() - started) / 1000, per: [] }];

    // The API's latency, one call in flight all run long, by phase.
    probe.on = true;
    let current = 'enroll';
    void (async () => {
      while (probe.on) {
        const t = performance.now();
        await fetch(`${api}/v1/nodes/lab-0001`, { headers: V }).then((r) => r.arrayBuffer()).catch(() => undefined);
        const ms = performance.now() - t;
        probe.latencies.push(ms);
        (probe.phase.get(current) ?? probe.phase.set(current, []).get(current)).push(ms);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    /** Sends `body` to each node, then waits until every one has settled; per-node seconds from its request to seeing it settled. */
    const phase = async (name, nodes, body, { killAfter } = {}) => {
      current = name;
      const t0 = Date.now();
      const sent = new Map();
      const refused = [];
      // As ironicclient and Metal3 do: a busy conductor (503 NoFreeConductorWorker) or a locked node (409) is asked
      // again 2 s later; each retry is counted. The API answers 202 at once, so the conductors, not this loop,
      // bound how much runs at a time.
      let retries = 0;
      await pool(nodes, 32, async (n) => {
        // A node's time runs from the first attempt: waiting for a free worker is part of what it took.
        const first = Date.now();
        for (let attempt = 0; ; attempt++) {
          const r = await call(api, 'PUT', `/v1/nodes/${n.uuid}/states/provision`, body);
          if (r.status === 202) return void sent.set(n.uuid, first);
          if ((r.status !== 503 && r.status !== 409) || attempt >= 150) return void refused.push(`${n.name}: ${r.status} ${r.text.slice(0, 200)}`);
          retries++;
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      });
      const done = new Map();
      const names = new Map(nodes.map((n) => [n.uuid, n.name]));
      let healthyWall;
      let killed;
      while (done.size < sent.size) {
        if (Date.now() - t0 > phaseTimeoutMs) {
          // Reported, not thrown: the run goes on without them, and the end lists them as misplaced.
          const stuck = (await allNodes(api)).filter((n) => sent.has(n.uuid) && !done.has(n.uuid));
          console.log(`  ${name}: ${stuck.length} nodes not settled after ${phaseTimeoutMs / 1000} s: ${stuck.slice(0, 20).map((n) => `${n.name} (${n.provision_state}${n.reservation ? `, locked by ${n.reservation}` : ''})`).join(', ')}`);
          for (const n of stuck.slice(0, 3)) explain(n);
          break;
        }
        await new Promise((r) => setTimeout(r, 1000));
        for (const n of await allNodes(api)) {
          if (sent.has(n.uuid) && !done.has(n.uuid) && !TRANSIENT.has(n.provision_state) && !n.reservation) done.set(n.uuid, (Date.now() - sent.get(n.uuid)) / 1000);
        }
        if (killAfter && !killed && done.size >= killAfter * sent.size) killed = await killAfterShare();
        if (healthyWall === undefined && [...sent.keys()].every((u) => done.has(u) || isFaulty(names.get(u)))) healthyWall = (Date.now() - t0) / 1000;
      }
      // Per-node figures of the machines without an injected fault (a hung BMC or crashed agent waits out a timeout).
      const per = [...done].filter(([u]) => !isFaulty(names.get(u))).map(([, s]) => s);
      phases.push({ name, wall: healthyWall ?? (Date.now() - t0) / 1000, all: (Date.now() - t0) / 1000, per, refused, killed, retries });
      console.log(`  ${name}: ${sent.size} nodes; healthy ones done in ${(healthyWall ?? NaN).toFixed(1)} s, all in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${retries} requests retried (503/409)${refused.length ? `, ${refused.length} refused (${refused.slice(0, 3).join('; ')})` : ''}`);
    };
    const killAfterShare = async () => {
      const victim = conductorProcs[1];
      const at = (Date.now() - started) / 1000;
      sample();
      victim.child.kill('SIGKILL');
      console.log(`  SIGKILL lab-conductor-2 (pid ${victim.child.pid}) at ${at.toFixed(1)} s into the run`);
      return { at, pid: victim.child.pid };
    };

    const labNodes = await allNodes(api);
    await phase('manage', labNodes, { target: 'manage' });
    const manageable = (await allNodes(api)).filter((n) => n.provision_state === 'manageable');
    await phase('inspect', manageable, { target: 'inspect' });
    await phase('provide', (await allNodes(api)).filter((n) => n.provision_state === 'manageable'), { target: 'provide' });
    const available = (await allNodes(api)).filter((n) => n.provision_state === 'available');
    const sha = (await (await fetch(`${labUrl}/images/lab-instance.raw.sha256`)).text()).split(' ')[0];
    await pool(available, 32, async (n) => {
      for (let attempt = 0; ; attempt++) {
        const r = await call(api, 'PATCH', `/v1/nodes/${n.uuid}`, [
          { op: 'add', path: '/instance_info/image_source', value: `${labUrl}/images/lab-instance.raw` },
          { op: 'add', path: '/instance_info/image_checksum', value: sha },
        ]);
        if (r.status === 200) return;
        if ((r.status !== 503 && r.status !== 409) || attempt >= 30) throw new Error(`PATCH ${n.name}: ${r.status} ${r.text}`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    });
    await phase('deploy', available, { target: 'active' }, { killAfter: 0.3 });
    // Deploys the kill cut short end in deploy failed, as in Ironic ("went down while … deploying"). So does, at its
    // callback timeout, a deploy whose agent lost its lookup answer with the killed conductor: the token was issued
    // and the reply never came, so the agent has none (Ironic's lookup has the same window). An operator deploys
    // them again; both are counted apart, so a timeout with another cause still shows.
    const failed = (await allNodes(api)).filter((n) => n.provision_state === 'deploy failed' && !isFaulty(n.name));
    const cut = failed.filter((n) => /went down|offline|went away/i.test(n.last_error ?? ''));
    const timedOut = failed.filter((n) => /Timeout reached while waiting for callback/.test(n.last_error ?? ''));
    if (timedOut.length) console.log(`  deploy: ${timedOut.length} callback timeouts: ${timedOut.slice(0, 20).map((n) => n.name).join(', ')}`);
    if (cut.length || timedOut.length) await phase('deploy again (cut by the kill)', [...cut, ...timedOut], { target: 'active' });
    await phase('undeploy', (await allNodes(api)).filter((n) => n.provision_state === 'active'), { target: 'deleted' });
    probe.on = false;
    sample();

    // Where every node should be: healthy ones available; the faulty ones where their fault leaves them.
    const expected = [
      { names: injected.bmc, state: 'enroll', error: /./ },
      { names: injected.crash, state: 'deploy failed', error: /./ },
      { names: injected.checksum, state: 'deploy failed', error: /failed verification/ },
    ];
    const final = await allNodes(api);
    const misplaced = final.filter((n) => {
      const e = expected.find((x) => x.names.has(n.name));
      return e ? n.provision_state !== e.state || !e.error.test(n.last_error ?? '') : n.provision_state !== 'available' || n.last_error;
    });
    console.log(`  total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log('  phase (healthy machines)      wall s   nodes   per-node p50 s   p99 s   API p50/p99 ms (1 in flight)');
    for (const p of phases) {
      const api = probe.phase.get(p.name) ?? [];
      const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
      console.log(`  ${p.name.padEnd(30)}${p.wall.toFixed(1).padStart(7)}${String(p.per.length).padStart(8)}${fmt(percentile(p.per, 50)).padStart(17)}${fmt(percentile(p.per, 99)).padStart(8)}   ${fmt(percentile(api, 50))} / ${fmt(percentile(api, 99))}`);
    }
    console.log(`  API p99 over the run: ${percentile(probe.latencies, 99).toFixed(1)} ms (${probe.latencies.length} GETs)`);
    const ext = { pg: cpuOf('postgres') - external0.pg, nats: cpuOf('nats-server') - external0.nats };
    console.log('  process          CPU s   peak RSS MiB');
    for (const [label, s] of stats) console.log(`  ${label.padEnd(16)}${s.cpu.toFixed(1).padStart(6)}${s.rssMiB.toFixed(0).padStart(14)}`);
    console.log(`  postgresql      ${ext.pg.toFixed(1).padStart(6)}   (all backends)\n  nats-server     ${ext.nats.toFixed(1).padStart(6)}`);
    console.log(`  nodes not available or with a last_error at the end: ${misplaced.length}`);
    for (const n of misplaced.slice(0, 50)) {
      console.log(`    ${n.name}: ${n.provision_state} — ${(n.last_error ?? '').slice(0, 160)}`);
      explain(n);
    }
    return { phases, misplaced };
  } finally {
    probe.on = false;
    clearInterval(sampler);
    for (const { p } of procs.reverse()) await p.stop();
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}
