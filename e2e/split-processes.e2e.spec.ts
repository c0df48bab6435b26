import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './support/ferrum-process';
import { startApiProcess } from './support/api-process';
import { IronicHttp } from './support/http';
import { exerciseLifecycle } from './support/lifecycle';

const HEARTBEAT_S = 2;

/**
 * Production shape: an API and two conductors as separate processes over PostgreSQL and NATS.
 * Needs both services; under CI=true their absence fails the suite instead of skipping it.
 */
describe('api + two conductors as separate processes (PostgreSQL + NATS)', () => {
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;
  let c1: FerrumProcess;
  const run = `${process.pid}-${randomBytes(2).toString('hex')}`;
  const hosts = { c1: `c1-${run}`, c2: `c2-${run}` };

  beforeAll(async () => {
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: split e2e skipped')) &&
      (await useRealService('NATS', TEST_NATS_URL, 'nothing: split e2e skipped'));
    if (!available) return;
    db = await createPostgresDatabase();
    const common = {
      // A namespace of its own: other test files' conductors on the same NATS must not answer here.
      FERRUM_NATS_NAMESPACE: testNamespace(),
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      FERRUM_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_S),
      FERRUM_HEARTBEAT_TIMEOUT_S: String(HEARTBEAT_S * 1.5),
      FERRUM_HASH_RING_RESET_INTERVAL_S: '0.2',
      FERRUM_FAKE_POWER_DELAY_MS: '1500',
      FERRUM_RPC_TIMEOUT_MS: '10000',
    };
    c1 = new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: hosts.c1 });
    const c2 = new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: hosts.c2 });
    procs.push(c1, c2);
    await Promise.all([c1.waitForLog(/conductor registered/), c2.waitForLog(/conductor registered/)]);
    http = await startApiProcess(common, procs);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await db?.drop();
  });

  const maybe = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      if (!available) return;
      await fn();
    });

  maybe('serves the node, port, chassis, power and conductor lifecycle', async () => {
    await exerciseLifecycle(http, randomBytes(3).toString('hex'));
  });

  maybe('deploys with a config drive larger than a NATS message (it travels through the database)', async () => {
    const { json: node } = await http.post('/v1/nodes', { driver: 'fake-hardware', name: 'big-configdrive' });
    const provision = (target: string, extra: Record<string, unknown> = {}) => http.put(`/v1/nodes/${node.uuid}/states/provision`, { target, ...extra });
    expect((await provision('manage')).status).toBe(202);
    await http.until(`/v1/nodes/${node.uuid}`, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect((await provision('provide')).status).toBe(202);
    await http.until(`/v1/nodes/${node.uuid}`, (n) => n.provision_state === 'available' && !n.reservation);
    // 1.2 MB of base64: before, a 500 (NATS refuses messages over 1 MiB).
    const deploy = await provision('active', { configdrive: 'Q'.repeat(1_200_000) });
    expect(deploy.status).toBe(202);
    await http.until(`/v1/nodes/${node.uuid}`, (n) => n.provision_state === 'active' && !n.reservation, 20_000);
    expect((await http.delete(`/v1/nodes/${node.uuid}`)).status).toBe(409);
  });

  maybe('spreads nodes over both conductors on the hash ring', async () => {
    for (let i = 0; i < 12; i++) expect((await http.post('/v1/nodes', { driver: 'fake-hardware', name: `spread-${i}` })).status).toBe(201);
    const { json } = await http.get('/v1/nodes?fields=uuid,name,conductor&limit=100');
    const owners = new Set(json.nodes.map((n: { conductor: string }) => n.conductor));
    expect(owners).toEqual(new Set([hosts.c1, hosts.c2]));
  });

  maybe('hands a killed conductor\'s nodes and locks to the survivor within two heartbeat periods', async () => {
    const { json } = await http.get('/v1/nodes?fields=uuid,name,conductor&limit=100');
    const mine: { uuid: string }[] = json.nodes.filter((n: { conductor: string }) => n.conductor === hosts.c1);
    expect(mine.length).toBeGreaterThan(1);
    const [busy, idle] = mine;

    expect((await http.put(`/v1/nodes/${busy.uuid}/states/power`, { target: 'power on' })).status).toBe(202);
    expect((await http.get(`/v1/nodes/${busy.uuid}`)).json.reservation).toBe(hosts.c1);

    await c1.kill('SIGKILL');
    const killedAt = Date.now();

    // Before c1's heartbeat has even expired, a call for its node is re-routed to c2.
    const patched = await http.patch(`/v1/nodes/${idle.uuid}`, [{ op: 'add', path: '/extra/after_kill', value: true }]);
    expect(patched.status).toBe(200);

    await http.until(`/v1/nodes/${busy.uuid}`, (n) => n.reservation === null && n.conductor === hosts.c2, HEARTBEAT_S * 2 * 1000);
    const elapsed = Date.now() - killedAt;
    expect(elapsed).toBeLessThanOrEqual(HEARTBEAT_S * 2 * 1000);
    const afterwards = (await http.get(`/v1/nodes/${busy.uuid}`)).json;
    expect(afterwards.target_power_state).toBeNull();
    expect(afterwards.last_error).toContain(hosts.c1);

    const all = (await http.get('/v1/nodes?fields=uuid,conductor&limit=100')).json.nodes;
    expect(all.every((n: { conductor: string }) => n.conductor === hosts.c2)).toBe(true);

    expect((await http.put(`/v1/nodes/${busy.uuid}/states/power`, { target: 'power on' })).status).toBe(202);
    await http.until(`/v1/nodes/${busy.uuid}`, (n) => n.power_state === 'power on' && n.reservation === null);

    const conductors = (await http.get('/v1/conductors')).json.conductors;
    expect(conductors).toContainEqual(expect.objectContaining({ hostname: hosts.c1, alive: false }));
    expect(conductors).toContainEqual(expect.objectContaining({ hostname: hosts.c2, alive: true }));
  });
});
