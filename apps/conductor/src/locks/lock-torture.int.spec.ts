import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { SetPowerState } from '@ferrum/contracts';
import { NodeLocked } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { startConductor } from '../start-conductor';
import { TaskManager } from './task-manager';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Many conductors fighting over a few nodes. Runs on real PostgreSQL when reachable (always under CI),
 * where the conditional UPDATE is the only thing keeping two holders apart.
 */
describe('node locks under contention', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const newNode = async () => (await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'manageable' })).uuid;

  it('never lets two conductors hold a node, loses no update and leaves no lock behind, even when work throws', async () => {
    const nodes = [await newNode(), await newNode(), await newNode()];
    const managers = ['torture-c1', 'torture-c2'].map(
      (hostname) => new TaskManager(db.repos, { hostname, retryAttempts: 200, retryIntervalMs: 2 }, silentLogger()),
    );
    const holders = new Map<string, string>();
    const overlaps: string[] = [];
    const committed = new Map<string, number>(nodes.map((n) => [n, 0]));
    let thrown = 0;
    let refused = 0;

    await Promise.all(
      Array.from({ length: 240 }, async (_, i) => {
        const uuid = nodes[i % nodes.length];
        const manager = managers[i % 2];
        try {
          await manager.withExclusive(uuid, async (task) => {
            if (holders.has(uuid)) overlaps.push(`${uuid}: ${holders.get(uuid)} and ${manager.hostname}`);
            holders.set(uuid, manager.hostname);
            try {
              // Read-modify-write under the lock: a second holder would make an increment vanish.
              const count = Number(task.node.extra.count ?? 0);
              await sleep(Math.random() * 3);
              if (i % 7 === 0) throw new Error('driver blew up');
              await task.save({ extra: { count: count + 1 } });
              committed.set(uuid, committed.get(uuid)! + 1);
            } finally {
              holders.delete(uuid);
            }
          });
        } catch (err) {
          // Under heavy load a task may give up after its retries: a clean 409, having changed nothing.
          if (err instanceof NodeLocked) refused++;
          else if (err instanceof Error && err.message === 'driver blew up') thrown++;
          else throw err;
        }
      }),
    );

    expect(overlaps).toEqual([]);
    expect(thrown).toBeGreaterThan(0);
    for (const uuid of nodes) {
      const node = await db.repos.nodes.getByIdent(uuid);
      expect(node.reservation).toBeNull();
      expect(node.extra.count).toBe(committed.get(uuid));
    }
    const total = [...committed.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(100);
    expect(total + thrown + refused).toBe(240);
  });

  it('answers 202 or NodeLocked to 200 concurrent power requests across two conductors, and releases every lock', async () => {
    const transports: Transport[] = await createTestTransports(3, 30_000);
    const hosts = [`burst-${randomUUID().slice(0, 6)}`, `burst-${randomUUID().slice(0, 6)}`];
    const config = loadConfig(allOptions, {
      FERRUM_FAKE_POWER_DELAY_MS: '5',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '2',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '5',
      FERRUM_WORKERS_POOL_SIZE: '500',
    });
    const conductors = await Promise.all(
      hosts.map((hostname, i) => startConductor({ config: { ...config, hostname }, repos: db.repos, transport: transports[i], logger: silentLogger() })),
    );
    try {
      const nodes = [await newNode(), await newNode(), await newNode()];
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          testClient(transports[2])
            .call(
              SetPowerState,
              { node_uuid: nodes[i % nodes.length], target: i % 3 === 0 ? 'power off' : 'power on' },
              { host: hosts[i % 2] },
            )
            .then(
              () => 'accepted',
              (err: unknown) => (err instanceof NodeLocked ? 'locked' : `unexpected: ${String(err)}`),
            ),
        ),
      );
      expect(outcomes.filter((o) => o !== 'accepted' && o !== 'locked')).toEqual([]);
      expect(outcomes).toContain('accepted');
      expect(outcomes).toContain('locked');
      // Accepted actions finish in the background; wait for them to let go.
      for (let i = 0; i < 500; i++) {
        const reserved = await db.repos.nodes.list({ uuids: nodes, unreserved: false }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
        if (reserved.every((n) => n.reservation === null)) break;
        await sleep(10);
      }
      for (const uuid of nodes) {
        expect(await db.repos.nodes.getByIdent(uuid)).toMatchObject({ reservation: null, target_power_state: null, last_error: null });
      }
    } finally {
      await Promise.all(conductors.map((c) => c.close()));
      await Promise.all([...new Set(transports)].map((t) => t.close()));
    }
  });

  it('lets one hot node hold no more than its own worker: an idle node still gets one when the pool is small', async () => {
    const transports: Transport[] = await createTestTransports(2, 30_000);
    const hostname = `fair-${randomUUID().slice(0, 6)}`;
    const config = loadConfig(allOptions, {
      // Each power action holds its node's lock for a while; requests for the same node wait on that lock.
      FERRUM_FAKE_POWER_DELAY_MS: '300',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '3',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
      FERRUM_WORKERS_POOL_SIZE: '2',
    });
    const conductor = await startConductor({ config: { ...config, hostname }, repos: db.repos, transport: transports[0], logger: silentLogger() });
    const power = (node_uuid: string) =>
      testClient(transports[1]).call(SetPowerState, { node_uuid, target: 'power on' }, { host: hostname }).then(
        () => 'accepted',
        (err: unknown) => (err instanceof Error ? err.constructor.name : String(err)),
      );
    try {
      const [hot, idle] = [await newNode(), await newNode()];
      const burst = Array.from({ length: 30 }, () => power(hot));
      await sleep(50);
      // With slots taken before locks, the 30 requests for the hot node held both slots and this was a 503.
      expect(await power(idle)).toBe('accepted');
      const outcomes = await Promise.all(burst);
      expect(outcomes.filter((o) => o !== 'accepted' && o !== 'NodeLocked')).toEqual([]);
      expect(outcomes).toContain('accepted');
      for (let i = 0; i < 300; i++) {
        const nodes = await Promise.all([hot, idle].map((u) => db.repos.nodes.getByIdent(u)));
        if (nodes.every((n) => n.reservation === null)) break;
        await sleep(10);
      }
      for (const uuid of [hot, idle]) expect(await db.repos.nodes.getByIdent(uuid)).toMatchObject({ reservation: null, power_state: 'power on' });
    } finally {
      await conductor.close();
      await Promise.all([...new Set(transports)].map((t) => t.close()));
    }
  });
});
