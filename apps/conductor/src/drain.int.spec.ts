import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { allOptions, loadConfig } from '@ferrum/config';
import { Call, CreateNode, PingConductor, RequestOf, SetPowerState } from '@ferrum/contracts';
import { silentLogger } from '@ferrum/logging';
import { FerrumMetrics, HealthChecks, Observability } from '@ferrum/observability';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { ConductorHandle, startConductor } from './start-conductor';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The conductor's own health port, and what SIGTERM (close) does to the work it accepted. */
describe('conductor health port and drain', () => {
  let db: TestDatabase;
  let transports: Transport[];
  let conductor: ConductorHandle;
  let observability: Observability;
  const host = `drain-${randomUUID().slice(0, 8)}`;
  const call = <C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>) => testClient(transports[1]).call(c, req, { host });

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(2);
    observability = new Observability(new FerrumMetrics(), new HealthChecks());
    const port = await freePort();
    const config = loadConfig(allOptions, {
      FERRUM_FAKE_POWER_DELAY_MS: '400',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '0',
      FERRUM_CONDUCTOR_HEALTH_PORT: String(port),
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      FERRUM_CHECK_PROVISION_STATE_INTERVAL_S: '0',
    });
    conductor = await startConductor({ config: { ...config, hostname: host }, repos: db.repos, transport: transports[0], logger: silentLogger(), observability });
  });

  afterAll(async () => {
    await conductor.close();
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  });

  it('serves /healthz, /readyz (registered and heartbeating) and /metrics on FERRUM_CONDUCTOR_HEALTH_PORT', async () => {
    expect(conductor.healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${conductor.healthUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${conductor.healthUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { [`conductor ${host}`]: { ok: true } } });
    const metrics = await (await fetch(`${conductor.healthUrl}/metrics`)).text();
    expect(metrics).toContain(`ferrum_conductor_workers{conductor="${host}"} 100`);
  });

  it('counts lock waits and worker slots in use while a power action runs', async () => {
    const node = await call(CreateNode, { node: { driver: 'fake-hardware' } });
    await call(SetPowerState, { node_uuid: node.uuid, target: 'power on' });
    const metrics = await observability.metrics.text();
    expect(metrics).toContain(`ferrum_conductor_workers_in_use{conductor="${host}"} 1`);
    expect(metrics).toMatch(new RegExp(`^ferrum_conductor_lock_wait_seconds_count\\{conductor="${host}",outcome="acquired"\\} [1-9]`, 'm'));
    await expect(call(SetPowerState, { node_uuid: node.uuid, target: 'power off' })).rejects.toThrow(/locked/i);
    expect(await observability.metrics.text()).toMatch(new RegExp(`^ferrum_conductor_node_locked_total\\{conductor="${host}"\\} 1$`, 'm'));
  });

  it('on close, stops answering, finishes every accepted action, leaves no lock and deregisters', async () => {
    // Let the previous test's action end first.
    await new Promise((r) => setTimeout(r, 500));
    const nodes = await Promise.all([1, 2, 3].map(() => call(CreateNode, { node: { driver: 'fake-hardware' } })));
    for (const n of nodes) await call(SetPowerState, { node_uuid: n.uuid, target: 'power on' });
    const closing = conductor.close();
    // While draining, readiness says so and new calls find nobody (the API re-routes on NoResponders).
    await new Promise((r) => setTimeout(r, 50));
    const ready = await fetch(`${conductor.healthUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual(expect.objectContaining({ checks: { [`conductor ${host}`]: { ok: false, detail: 'draining' } } }));
    await expect(call(CreateNode, { node: { driver: 'fake-hardware' } })).rejects.toThrow(/No responders/);
    // …but pings are answered until the drain ends: callers waiting on its calls know it is alive, not gone.
    expect(await call(PingConductor, {})).toEqual({ hostname: host });
    await closing;
    await expect(call(PingConductor, {})).rejects.toThrow(/No responders/);
    for (const n of nodes) {
      expect(await db.repos.nodes.getByIdent(n.uuid)).toMatchObject({ power_state: 'power on', target_power_state: null, reservation: null });
    }
    expect((await db.repos.conductors.listAlive(60)).map((c) => c.hostname)).not.toContain(host);
    expect(observability.health.names).toEqual([]);
    await expect(fetch(`${conductor.healthUrl}/healthz`)).rejects.toThrow();
  });
});
