import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { Call, CreateNode, DriverVendorPassthru, ListDriverVendorMethods, ListNodeVendorMethods, NodeVendorPassthru, RequestOf } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue, NoFreeConductorWorker, NodeLocked } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { ConductorHandle, startConductor } from '../start-conductor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('vendor passthru on the conductor', () => {
  let db: TestDatabase;
  let transports: Transport[];
  const conductors: ConductorHandle[] = [];
  const run = randomUUID().slice(0, 6);
  const hosts = [`vend-a-${run}`, `vend-b-${run}`, `vend-manual-${run}`];

  const call = <C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>, host = hosts[0]) => testClient(transports[3]).call(c, req, { host });
  const driverCall = <C extends Call<unknown, unknown, 'driver'>>(driver: string, c: C, req: RequestOf<C>) => testClient(transports[3]).call(c, req, { driver });
  const newNode = async (driver = 'fake-hardware') => (await call(CreateNode, { node: { driver } })).uuid;
  const vendor = (node_uuid: string, method: string, args: Record<string, unknown> = {}, extra: { http_method?: string; job?: boolean } = {}) =>
    call(NodeVendorPassthru, { node_uuid, method, http_method: extra.http_method ?? 'POST', args, job: extra.job });

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(4);
    const base = { FERRUM_FAKE_VENDOR_DELAY_MS: '400', FERRUM_WORKERS_POOL_SIZE: '3', FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '1', FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '10' };
    // The default types plus ferrum-demo (Ferrum's demonstration driver methods) on two; the third has none of them.
    const demo = { ...base, FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management,ipmi,redfish,ferrum-demo' };
    const envs = [demo, demo, { ...base, FERRUM_ENABLED_HARDWARE_TYPES: 'manual-management' }];
    for (let i = 0; i < 3; i++) {
      conductors.push(
        await startConductor({ config: { ...loadConfig(allOptions, envs[i]), hostname: hosts[i] }, repos: db.repos, transport: transports[i], logger: silentLogger() }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(conductors.map((c) => c.close()));
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  });

  it('lists the fake vendor methods in Ironic\'s shape', async () => {
    const methods = await call(ListNodeVendorMethods, { node_uuid: await newNode() });
    expect(methods.third_method_sync).toEqual({ http_methods: ['POST'], async: false, attach: false, description: 'Test if the value of bar is meow', require_exclusive_lock: true });
    expect(methods.fourth_method_shared_lock).toMatchObject({ async: true, require_exclusive_lock: false });
    // Exactly Ironic's FakeVendorB: the agent's legacy heartbeat is only on the types an agent boots on.
    expect(Object.keys(methods).sort()).toEqual(['fourth_method_shared_lock', 'second_method', 'third_method_sync']);
    const agents = await call(ListNodeVendorMethods, { node_uuid: await newNode('manual-management') });
    expect(Object.keys(agents)).toEqual(['heartbeat']);
  });

  it('runs a sync method inline and returns its value; an async one answers at once', async () => {
    const uuid = await newNode();
    expect(await vendor(uuid, 'third_method_sync', { bar: 'meow' })).toEqual({ return: true, async: false, attach: false });
    expect(await vendor(uuid, 'third_method_sync', { bar: 'woof' })).toMatchObject({ return: false });
    expect(await vendor(uuid, 'second_method', { bar: 'kazoo' })).toEqual({ return: null, async: true, attach: false });
  });

  it('refuses a call the driver\'s validate rejects, an unknown method and an unsupported HTTP verb with 400s', async () => {
    const uuid = await newNode();
    await expect(vendor(uuid, 'third_method_sync')).rejects.toBeInstanceOf(MissingParameterValue);
    const unknown = (await vendor(uuid, 'nope').catch((e: Error) => e)) as Error;
    expect(unknown).toBeInstanceOf(InvalidParameterValue);
    expect(unknown.message).toBe('No handler for method nope');
    const verb = (await vendor(uuid, 'third_method_sync', { bar: 1 }, { http_method: 'GET' }).catch((e: Error) => e)) as Error;
    expect(verb.message).toBe('The method third_method_sync does not support HTTP GET');
  });

  it('refuses an exclusive method on a busy node with 409 while a shared-lock method still runs', async () => {
    const uuid = await newNode();
    await vendor(uuid, 'second_method', { bar: 'x' }); // holds the lock for the fake delay
    await expect(vendor(uuid, 'third_method_sync', { bar: 'meow' })).rejects.toBeInstanceOf(NodeLocked);
    expect(await vendor(uuid, 'fourth_method_shared_lock', { bar: 'woof' })).toMatchObject({ async: true });
    await sleep(500);
    expect((await db.repos.nodes.getByIdent(uuid)).reservation).toBeNull();
  });

  it('answers 503 when the worker pool is full, starting nothing', async () => {
    const nodes = [await newNode(), await newNode(), await newNode(), await newNode()];
    for (const n of nodes.slice(0, 3)) await vendor(n, 'second_method', { bar: 'x' });
    await expect(vendor(nodes[3], 'second_method', { bar: 'x' }, { job: true })).rejects.toBeInstanceOf(NoFreeConductorWorker);
    expect((await db.repos.nodes.getByIdent(nodes[3])).reservation).toBeNull();
    expect(await db.repos.dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE node_uuid = $1`, [nodes[3]])).toEqual([{ n: 0 }]);
    await sleep(500);
  });

  it('records an async call as a job that ends with its result', async () => {
    const uuid = await newNode();
    const reply = await vendor(uuid, 'second_method', { bar: 'kazoo' }, { job: true });
    expect(reply.job_id).toMatch(/^[0-9a-f-]{36}$/);
    for (let i = 0; i < 100 && (await db.repos.jobs.get(reply.job_id!)).state !== 'succeeded'; i++) await sleep(20);
    expect(await db.repos.jobs.get(reply.job_id!)).toMatchObject({ state: 'succeeded', result: true, node_uuid: uuid, method: 'second_method', conductor: hosts[0] });
  });

  it('fails the open jobs of a conductor that died, saying so', async () => {
    await db.repos.conductors.register('dead-vendor', '', []);
    await db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - interval '1 hour' WHERE hostname = 'dead-vendor'`);
    const uuid = randomUUID();
    await db.repos.jobs.create({ uuid, kind: 'vendor_passthru', node_uuid: null, driver: 'ferrum-demo', method: 'driver_job', conductor: 'dead-vendor' });
    expect(await conductors[0].sweep()).toContain('dead-vendor');
    expect(await db.repos.jobs.get(uuid)).toMatchObject({ state: 'failed', error: 'Conductor dead-vendor died before the job finished.' });
  });

  it('sends driver calls to random conductors offering the driver, never to one without it', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const r = await driverCall('ferrum-demo', DriverVendorPassthru, { method: 'echo', http_method: 'PUT', args: { i } });
      const value = r.return as { conductor: string; http_method: string; args: { i: number } };
      expect(value).toMatchObject({ http_method: 'PUT', args: { i }, driver: 'ferrum-demo' });
      seen.set(value.conductor, (seen.get(value.conductor) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([hosts[0], hosts[1]].sort());
    expect(seen.get(hosts[2])).toBeUndefined();
  });

  it('checks typed driver arguments before the call and publishes their JSON Schema', async () => {
    expect(await driverCall('ferrum-demo', DriverVendorPassthru, { method: 'add', http_method: 'POST', args: { a: 2, b: 3 } })).toMatchObject({ return: { sum: 5 } });
    const bad = (await driverCall('ferrum-demo', DriverVendorPassthru, { method: 'add', http_method: 'POST', args: { a: 'two', b: 3 } }).catch((e: Error) => e)) as Error;
    expect(bad).toBeInstanceOf(InvalidParameterValue);
    expect(bad.message).toContain('"a"');
    const methods = await driverCall('ferrum-demo', ListDriverVendorMethods, {});
    expect(methods.add.args_schema).toMatchObject({ type: 'object', required: ['a', 'b'] });
    expect(methods.add).not.toHaveProperty('require_exclusive_lock');
  });

  it('refuses an unknown driver method with Ironic\'s message, on fake-hardware (no driver methods) too', async () => {
    await expect(driverCall('manual-management', DriverVendorPassthru, { method: 'x', http_method: 'POST', args: {} })).rejects.toThrow(/^No handler for method x$/);
    await expect(driverCall('fake-hardware', DriverVendorPassthru, { method: 'echo', http_method: 'POST', args: {} })).rejects.toThrow(/^No handler for method echo$/);
  });
});
