import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './support/ferrum-process';
import { startApiProcess } from './support/api-process';
import { IronicHttp } from './support/http';
import { PrivateNats, natsServerBinary } from './support/private-nats';

const DELAY_MS = 1500;
const POOL_SIZE = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Vendor passthru across processes: an API, two fake-hardware conductors and one manual-management
 * conductor over PostgreSQL and NATS, driven over HTTP as Ironic clients do. Needs both services; under
 * CI=true their absence fails the suite instead of skipping it. NATS is a private nats-server when the
 * binary is installed, because driver calls are answered by a queue group per hardware type that every
 * Ferrum on a shared server would join (see PrivateNats); otherwise the shared test server is used and
 * answers from other test files' conductors are tolerated where they could appear.
 */
describe('vendor passthru: api + two fake-hardware conductors + a manual-management one (PostgreSQL + NATS)', () => {
  let available = false;
  let privateBus = false;
  let nats: PrivateNats | undefined;
  let db: { url: string; drop(): Promise<void> } | undefined;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;
  const run = `${process.pid}-${randomBytes(2).toString('hex')}`;
  const hosts = { c1: `vp-c1-${run}`, c2: `vp-c2-${run}`, manual: `vp-manual-${run}` };

  beforeAll(async () => {
    available = await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: vendor passthru e2e skipped');
    if (!available) return;
    const binary = natsServerBinary();
    if (binary) nats = await PrivateNats.start(binary);
    else available = await useRealService('NATS', TEST_NATS_URL, 'nothing: vendor passthru e2e skipped');
    if (!available) return;
    privateBus = nats !== undefined;
    db = await createPostgresDatabase();
    const common = {
      // A namespace of its own: other test files' conductors on the same NATS must not answer here.
      FERRUM_NATS_NAMESPACE: testNamespace(),
      DATABASE_URL: db.url,
      NATS_URL: nats?.url ?? TEST_NATS_URL,
      FERRUM_HEARTBEAT_INTERVAL_S: '2',
      FERRUM_HEARTBEAT_TIMEOUT_S: '10',
      FERRUM_HASH_RING_RESET_INTERVAL_S: '0.2',
      FERRUM_RPC_TIMEOUT_MS: '10000',
      // Async fake methods hold their node (and a worker) this long, so locks and a full pool can be seen.
      FERRUM_FAKE_VENDOR_DELAY_MS: String(DELAY_MS),
      FERRUM_WORKERS_POOL_SIZE: String(POOL_SIZE),
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '1',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '50',
      // Only fake-hardware and ferrum-demo (driver methods) on c1/c2 (the default enables ipmi, redfish and
      // manual-management instead of ferrum-demo): driver routing is under test.
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo',
    };
    const conductors = [
      new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: hosts.c1 }),
      new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: hosts.c2 }),
      new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: hosts.manual, FERRUM_ENABLED_HARDWARE_TYPES: 'manual-management' }),
    ];
    procs.push(...conductors);
    await Promise.all(conductors.map((c) => c.waitForLog(/conductor registered/)));
    http = await startApiProcess(common, procs);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await db?.drop();
    await nats?.stop();
  });

  const maybe = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      if (!available) return;
      await fn();
    });

  const createNode = async () => {
    const reply = await http.post('/v1/nodes', { driver: 'fake-hardware' });
    expect(reply.status).toBe(201);
    return reply.json as { uuid: string; conductor: string };
  };
  /** Nodes until `count` of them belong to `host` on the hash ring. */
  const nodesOwnedBy = async (host: string, count: number) => {
    const mine: string[] = [];
    for (let i = 0; i < 60 && mine.length < count; i++) {
      const node = await createNode();
      if (node.conductor === host) mine.push(node.uuid);
    }
    expect(mine).toHaveLength(count);
    return mine;
  };
  /** Async fake methods run DELAY_MS; wait them out so the next test starts with free workers and locks. */
  const idle = () => sleep(DELAY_MS + 500);
  const withHeaders = (method: string, path: string, body: unknown, headers: Record<string, string>) => http.request(method, path, body, headers);

  maybe('answers node methods in both URL forms: 200 with the value when sync, 202 with no body when async', async () => {
    const { uuid } = await createNode();
    const path = await http.post(`/v1/nodes/${uuid}/vendor_passthru/third_method_sync`, { bar: 'meow' });
    expect(path.status).toBe(200);
    expect(path.headers.get('content-type')).toMatch(/^application\/json/);
    expect(path.text).toBe('true');
    const query = await http.post(`/v1/nodes/${uuid}/vendor_passthru?method=third_method_sync`, { bar: 'woof' });
    expect(query.status).toBe(200);
    expect(query.text).toBe('false');
    for (const url of [`/v1/nodes/${uuid}/vendor_passthru/second_method`, `/v1/nodes/${uuid}/vendor_passthru?method=fourth_method_shared_lock`]) {
      const reply = await http.post(url, { bar: 'x' });
      expect(reply.status).toBe(202);
      expect(reply.text).toBe('');
      expect(reply.headers.get('content-type')).toBeNull();
      expect(reply.headers.get('location')).toBeNull();
    }
    const methods = await http.get(`/v1/nodes/${uuid}/vendor_passthru/methods`);
    expect(Object.keys(methods.json).sort()).toEqual(['fourth_method_shared_lock', 'second_method', 'third_method_sync']);
    await idle();
  });

  maybe('passes the HTTP verb and the body to driver methods, in both URL forms', async () => {
    for (const verb of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const body = verb === 'GET' || verb === 'DELETE' ? undefined : { verb };
      for (const url of ['/v1/drivers/ferrum-demo/vendor_passthru/echo', '/v1/drivers/ferrum-demo/vendor_passthru?method=echo']) {
        const reply = await http.request(verb, url, body);
        expect(reply.status).toBe(200);
        expect(reply.json).toMatchObject({ driver: 'ferrum-demo', http_method: verb, args: body ?? {} });
      }
    }
  });

  maybe('refuses a call the driver\'s validation rejects with 400', async () => {
    const { uuid } = await createNode();
    const reply = await http.post(`/v1/nodes/${uuid}/vendor_passthru/third_method_sync`, {});
    expect(reply.status).toBe(400);
    expect(IronicHttp.fault(reply.json)).toBe("Parameter 'bar' not passed to method 'third_method_sync'.");
  });

  maybe('refuses an exclusive method on a node a running method holds with 409, and still accepts a shared-lock method', async () => {
    const { uuid, conductor } = await createNode();
    expect((await http.post(`/v1/nodes/${uuid}/vendor_passthru/second_method`, { bar: 'kazoo' })).status).toBe(202);
    expect((await http.get(`/v1/nodes/${uuid}`)).json.reservation).toBe(conductor);
    const exclusive = await http.post(`/v1/nodes/${uuid}/vendor_passthru/third_method_sync`, { bar: 'meow' });
    expect(exclusive.status).toBe(409);
    expect(IronicHttp.fault(exclusive.json)).toContain(`is locked by host ${conductor}`);
    expect((await http.post(`/v1/nodes/${uuid}/vendor_passthru/fourth_method_shared_lock`, { bar: 'woof' })).status).toBe(202);
    await http.until(`/v1/nodes/${uuid}`, (n) => n.reservation === null, DELAY_MS * 4);
    expect((await http.post(`/v1/nodes/${uuid}/vendor_passthru/third_method_sync`, { bar: 'meow' })).status).toBe(200);
    await idle();
  });

  maybe('answers 503 when the conductor\'s workers are all busy, starting nothing', async () => {
    const nodes = await nodesOwnedBy(hosts.c1, POOL_SIZE + 1);
    for (const uuid of nodes.slice(0, POOL_SIZE)) {
      expect((await http.post(`/v1/nodes/${uuid}/vendor_passthru/second_method`, { bar: 'x' })).status).toBe(202);
    }
    const last = nodes[POOL_SIZE];
    const refused = await withHeaders('POST', `/v1/nodes/${last}/vendor_passthru/second_method`, { bar: 'x' }, { 'X-Ferrum-Job': 'true' });
    expect(refused.status).toBe(503);
    expect(IronicHttp.fault(refused.json)).toBe('Requested action cannot be performed due to lack of free conductor workers.');
    expect(refused.headers.get('location')).toBeNull();
    expect((await http.get(`/v1/nodes/${last}`)).json).toMatchObject({ reservation: null, last_error: null });
    const pg = new Client({ connectionString: db!.url });
    await pg.connect();
    try {
      expect((await pg.query(`SELECT count(*)::int AS n FROM jobs WHERE node_uuid = $1`, [last])).rows).toEqual([{ n: 0 }]);
    } finally {
      await pg.end();
    }
    await idle();
  });

  maybe('refuses driver passthru on manual-management, which has only the agent\'s lookup, and on fake-hardware, with Ironic\'s 400', async () => {
    const reply = await http.post('/v1/drivers/manual-management/vendor_passthru/echo', {});
    expect(reply.status).toBe(400);
    expect(IronicHttp.fault(reply.json)).toBe('No handler for method echo');
    expect(IronicHttp.fault((await http.post('/v1/drivers/fake-hardware/vendor_passthru/echo', {})).json)).toBe('No handler for method echo');
    expect((await http.get('/v1/drivers/fake-hardware/vendor_passthru/methods')).json).toEqual({});
    expect(Object.keys((await http.get('/v1/drivers/manual-management/vendor_passthru/methods')).json)).toEqual(['lookup']);
  });

  maybe('spreads driver calls over both ferrum-demo conductors and never sends one to the manual-management conductor', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 48; i++) {
      const reply = await http.request(i % 2 ? 'PUT' : 'POST', '/v1/drivers/ferrum-demo/vendor_passthru/echo', { i });
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ driver: 'ferrum-demo', args: { i } });
      seen.set(reply.json.conductor, (seen.get(reply.json.conductor) ?? 0) + 1);
    }
    const counts = Object.fromEntries(seen);
    expect(counts[hosts.c1]).toBeGreaterThan(0);
    expect(counts[hosts.c2]).toBeGreaterThan(0);
    expect(counts[hosts.manual]).toBeUndefined();
    // On the shared server, ferrum-demo conductors of other test files are in the same queue group.
    if (privateBus) expect(counts[hosts.c1] + counts[hosts.c2]).toBe(48);
  });

  maybe('checks typed driver arguments and names the wrong field', async () => {
    expect((await http.post('/v1/drivers/ferrum-demo/vendor_passthru/add', { a: 2, b: 40 })).json).toEqual({ sum: 42 });
    const bad = await http.post('/v1/drivers/ferrum-demo/vendor_passthru/add', { a: 2, b: 'forty' });
    expect(bad.status).toBe(400);
    expect(IronicHttp.fault(bad.json)).toMatch(/^Invalid argument "b" for vendor method add/);
    const methods = (await http.get('/v1/drivers/ferrum-demo/vendor_passthru/methods')).json;
    expect(methods.add.args_schema).toMatchObject({ type: 'object', required: ['a', 'b'] });
  });

  maybe('records an async call made with X-Ferrum-Job as a job that ends succeeded with the result', async () => {
    const { uuid, conductor } = await createNode();
    const reply = await withHeaders('POST', `/v1/nodes/${uuid}/vendor_passthru/second_method`, { bar: 'kazoo' }, { 'X-Ferrum-Job': 'true' });
    expect(reply.status).toBe(202);
    const location = reply.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${http.baseUrl}/v1/ferrum/jobs/[0-9a-f-]{36}$`));
    const path = location.slice(http.baseUrl.length);
    expect((await http.get(path)).json).toMatchObject({ node_uuid: uuid, method: 'second_method', conductor, state: expect.stringMatching(/^(queued|running)$/) });
    const job = await http.until(path, (j) => j.state === 'succeeded' || j.state === 'failed', DELAY_MS * 4);
    expect(job).toMatchObject({ state: 'succeeded', result: true, error: null, kind: 'vendor_passthru', driver: 'fake-hardware' });

    if (!privateBus) return; // a driver job may be recorded by another file's conductor, in its own database
    const driverJob = await withHeaders('POST', '/v1/drivers/ferrum-demo/vendor_passthru/driver_job', {}, { 'X-Ferrum-Job': 'true' });
    expect(driverJob.status).toBe(202);
    const done = await http.until(driverJob.headers.get('location')!.slice(http.baseUrl.length), (j) => j.state === 'succeeded', DELAY_MS * 4);
    expect(done).toMatchObject({ node_uuid: null, result: { done: true }, conductor: expect.stringMatching(new RegExp(`^(${hosts.c1}|${hosts.c2})$`)) });
  });
});
