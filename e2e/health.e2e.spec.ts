import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { TcpProxy } from './support/tcp-proxy';

const HEARTBEAT_S = 1;

async function get(url: string): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(url);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** Polls `url` until it answers `status`; fails with the last answer. */
async function untilStatus(url: string, status: number, timeoutMs = 20_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const r = await get(url);
      if (r.status === status) return r.json;
      last = `${r.status} ${r.text}`;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms; last: ${String(last)}`);
}

/** One series' value in a Prometheus text exposition (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/**
 * Probes and metrics of split processes, and what they do when PostgreSQL or NATS goes away: the
 * API and a conductor reach both through TCP proxies this test cuts and restores. Then the drain:
 * SIGTERM a conductor while its power actions run. Needs PostgreSQL and NATS (required under CI=true).
 */
describe('health, readiness and metrics of split processes; conductor drain (PostgreSQL + NATS)', () => {
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let pg: TcpProxy;
  let nats: TcpProxy;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;
  let api: string;
  let c1: FerrumProcess;
  let c2: FerrumProcess;
  let apiProc: FerrumProcess;
  let c1Health: string;
  let c2Health: string;
  const run = `${process.pid}-${randomBytes(2).toString('hex')}`;
  const hosts = { c1: `hc1-${run}`, c2: `hc2-${run}` };

  beforeAll(async () => {
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: health e2e skipped')) &&
      (await useRealService('NATS', TEST_NATS_URL, 'nothing: health e2e skipped'));
    if (!available) return;
    db = await createPostgresDatabase();
    pg = await TcpProxy.start(db.url);
    nats = await TcpProxy.start(TEST_NATS_URL);
    const [apiPort, c1Port, c2Port] = [await freePort(), await freePort(), await freePort()];
    const common = {
      // A namespace of its own: other test files' conductors on the same NATS must not answer here.
      FERRUM_NATS_NAMESPACE: testNamespace(),
      FERRUM_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_S),
      FERRUM_HEARTBEAT_TIMEOUT_S: String(HEARTBEAT_S * 3),
      FERRUM_HASH_RING_RESET_INTERVAL_S: '0.2',
      FERRUM_FAKE_POWER_DELAY_MS: '1500',
      FERRUM_RPC_TIMEOUT_MS: '10000',
      FERRUM_CONDUCTOR_DRAIN_TIMEOUT_S: '20',
    };
    const proxied = { ...common, DATABASE_URL: pg.rewrite(db.url), NATS_URL: nats.rewrite(TEST_NATS_URL) };
    const direct = { ...common, DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL };
    // The migrate job of the chart, then every role without auto-migration, as the chart runs them.
    const migrate = new FerrumProcess('migrate', direct);
    expect(await migrate.wait()).toBe(0);
    const noMigrate = { FERRUM_AUTO_MIGRATE: 'false' };
    c1 = new FerrumProcess('conductor', { ...proxied, ...noMigrate, FERRUM_CONDUCTOR_HOSTNAME: hosts.c1, FERRUM_CONDUCTOR_HEALTH_PORT: String(c1Port) });
    c2 = new FerrumProcess('conductor', { ...direct, ...noMigrate, FERRUM_CONDUCTOR_HOSTNAME: hosts.c2, FERRUM_CONDUCTOR_HEALTH_PORT: String(c2Port) });
    procs.push(c1, c2);
    await Promise.all([c1.waitForLog(/conductor registered/), c2.waitForLog(/conductor registered/)]);
    apiProc = new FerrumProcess('api', { ...proxied, ...noMigrate, FERRUM_API_PORT: String(apiPort) });
    procs.push(apiProc);
    api = `http://127.0.0.1:${apiPort}`;
    c1Health = `http://127.0.0.1:${c1Port}`;
    c2Health = `http://127.0.0.1:${c2Port}`;
    http = new IronicHttp(api);
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${apiProc.logs}`);
    });
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await pg?.cut();
    await nats?.cut();
    await db?.drop();
  });

  const maybe = (name: string, fn: () => Promise<void>, timeoutMs?: number) =>
    it(
      name,
      async () => {
        if (!available) return;
        await fn();
      },
      timeoutMs,
    );

  maybe('answers /healthz, /readyz and /metrics on the API port and on the conductor health port', async () => {
    for (const base of [api, c1Health]) {
      expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, json: { status: 'ok' } });
      const metrics = await get(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('process_cpu_seconds_total');
    }
    const apiReady = await untilStatus(`${api}/readyz/detail`, 200);
    expect(apiReady.checks).toEqual({ database: { ok: true }, migrations: { ok: true }, nats: { ok: true } });
    const c1Ready = await untilStatus(`${c1Health}/readyz`, 200);
    expect(c1Ready.checks).toEqual({ database: { ok: true }, migrations: { ok: true }, nats: { ok: true }, [`conductor ${hosts.c1}`]: { ok: true } });
    expect((await get(`${c1Health}/metrics`)).text).toContain(`ferrum_conductor_workers{conductor="${hosts.c1}"} 100`);
  });

  maybe('counts traffic in /metrics: HTTP requests by route on the API, RPCs on both sides of NATS', async () => {
    const series = 'ferrum_http_requests_total{server="api",method="POST",route="/v1/nodes",status="201"}';
    const before = sample((await get(`${api}/metrics`)).text, series);
    for (let i = 0; i < 3; i++) expect((await http.post('/v1/nodes', { driver: 'fake-hardware', name: `metrics-${run}-${i}` })).status).toBe(201);
    const apiMetrics = (await get(`${api}/metrics`)).text;
    expect(sample(apiMetrics, series) - before).toBe(3);
    expect(sample(apiMetrics, 'ferrum_rpc_requests_total{side="client",subject="ferrum.conductor.*.node.create.v1",outcome="ok"}')).toBeGreaterThanOrEqual(3);
    expect(sample(apiMetrics, 'ferrum_nodes{provision_state="enroll",power_state="None"}')).toBeGreaterThanOrEqual(3);
    const handled = 'ferrum_rpc_requests_total{side="server",subject="ferrum.conductor.*.node.create.v1",outcome="ok"}';
    const [m1, m2] = await Promise.all([get(`${c1Health}/metrics`), get(`${c2Health}/metrics`)]);
    expect(sample(m1.text, handled) + sample(m2.text, handled)).toBeGreaterThanOrEqual(3);
  });

  maybe('logs the request id on both sides of NATS', async () => {
    const requestId = `req-${'0123abcd-4567-89ab-cdef-0123456789ab'}`;
    const created = await http.request('POST', '/v1/nodes', { driver: 'fake-hardware' }, { 'X-Openstack-Request-Id': requestId });
    expect(created.status).toBe(201);
    // pino writes each as one JSON line: the API's access line, and the conductor's line for the RPC it answered.
    await apiProc.waitForLog(new RegExp(`"requestId":"${requestId}"[^\\n]*"msg":"request"`), 5000);
    await Promise.any([c1, c2].map((c) => c.waitForLog(new RegExp(`"subject":"ferrum\\.conductor\\.[^"]+\\.node\\.create\\.v1","requestId":"${requestId}"[^\\n]*"msg":"rpc handled"`), 5000)));
  });

  maybe('goes unready when PostgreSQL is unreachable and ready again when it is back, without a restart', async () => {
    await pg.cut();
    try {
      const apiDown = await untilStatus(`${api}/readyz/detail`, 503);
      expect(apiDown.checks.database.ok).toBe(false);
      // Where the database is stays private: readiness says it is unavailable (or timed out), not its address.
      expect(JSON.stringify(apiDown)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}\b/);
      expect(apiDown.checks.nats).toEqual({ ok: true });
      const c1Down = await untilStatus(`${c1Health}/readyz`, 503);
      expect(c1Down.checks.database.ok).toBe(false);
      // Reads (answered by the API) and writes (answered by a conductor) that need the database get a 503 to
      // retry, never a 500. (A process still holding a live pooled connection through the proxy may succeed.)
      const replies = [await http.get('/v1/nodes?limit=1'), await http.post('/v1/nodes', { driver: 'fake-hardware' })];
      for (const reply of replies.filter((r) => r.status >= 300)) {
        expect({ status: reply.status, body: reply.text }).toEqual({ status: 503, body: expect.stringContaining('The database is unavailable; please retry.') });
      }
      // Liveness stays up: restarting pods does not bring a database back.
      expect((await get(`${api}/healthz`)).status).toBe(200);
      expect((await get(`${c1Health}/healthz`)).status).toBe(200);
    } finally {
      // Whatever failed above, the next tests need their database back.
      await pg.restore();
    }
    await untilStatus(`${api}/readyz/detail`, 200);
    await untilStatus(`${c1Health}/readyz`, 200);
    expect((await http.get('/v1/nodes?limit=1')).status).toBe(200);
  }, 60_000);

  maybe('goes unready when NATS is unreachable and ready again when it is back, without a restart', async () => {
    await nats.cut();
    const apiDown = await untilStatus(`${api}/readyz/detail`, 503);
    expect(apiDown.checks.nats).toEqual({ ok: false, detail: 'disconnected, reconnecting' });
    expect(apiDown.checks.database).toEqual({ ok: true });
    const c1Down = await untilStatus(`${c1Health}/readyz`, 503);
    expect(c1Down.checks.nats.ok).toBe(false);
    await nats.restore();
    await untilStatus(`${api}/readyz/detail`, 200);
    await untilStatus(`${c1Health}/readyz`, 200);
    // The reconnected bus carries calls again, to the conductor behind the restored proxy too.
    for (let i = 0; i < 4; i++) expect((await http.post('/v1/nodes', { driver: 'fake-hardware' })).status).toBe(201);
  }, 60_000);

  maybe('drains a conductor on SIGTERM mid-load: every accepted action completes, no lock is left behind', async () => {
    const nodes: { uuid: string; conductor: string }[] = [];
    for (let i = 0; i < 12; i++) nodes.push((await http.post('/v1/nodes', { driver: 'fake-hardware', name: `drain-${run}-${i}` })).json);
    const onC1 = nodes.filter((n) => n.conductor === hosts.c1);
    expect(onC1.length).toBeGreaterThan(0);

    // Wave 1: every node powers on (1.5 s each); c1 gets SIGTERM while its share runs.
    const wave1 = await Promise.all(nodes.map((n) => http.put(`/v1/nodes/${n.uuid}/states/power`, { target: 'power on' })));
    expect(wave1.map((r) => r.status)).toEqual(nodes.map(() => 202));
    expect((await http.get(`/v1/nodes/${onC1[0].uuid}`)).json.reservation).toBe(hosts.c1);
    const exited = c1.kill('SIGTERM');

    // Wave 2, during the drain: c1 answers nothing more, so its nodes go to c2, which waits for c1's locks.
    await new Promise((r) => setTimeout(r, 200));
    const wave2 = await Promise.all(onC1.map((n) => http.put(`/v1/nodes/${n.uuid}/states/power`, { target: 'power off' })));
    for (const r of wave2) expect([202, 409]).toContain(r.status);

    expect(await exited).toBe(0);
    expect(c1.logs).toContain('"msg":"conductor stopped"');
    expect(c1.logs).not.toContain('drain timed out');

    const expected = new Map(nodes.map((n) => [n.uuid, 'power on']));
    onC1.forEach((n, i) => wave2[i].status === 202 && expected.set(n.uuid, 'power off'));
    for (const n of nodes) {
      const final = await http.until(`/v1/nodes/${n.uuid}`, (x) => x.reservation === null && x.target_power_state === null, 20_000);
      expect({ uuid: n.uuid, power_state: final.power_state, last_error: final.last_error }).toEqual({ uuid: n.uuid, power_state: expected.get(n.uuid), last_error: null });
    }
    const conductors = (await http.get('/v1/conductors')).json.conductors;
    expect(conductors).toContainEqual(expect.objectContaining({ hostname: hosts.c1, alive: false }));
  }, 90_000);
});
