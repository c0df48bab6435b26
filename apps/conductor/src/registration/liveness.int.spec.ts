import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { silentLogger } from '@ferrum/logging';
import { SetPowerState } from '@ferrum/contracts';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { startConductor } from '../start-conductor';

/**
 * A stale heartbeat is not death: a conductor whose heartbeat writes failed a moment (a database blip)
 * while it runs on must keep its locks; one nobody answers for is taken over as before.
 */
describe('declaring a peer dead', () => {
  let db: TestDatabase;
  let transports: Transport[];
  const config = loadConfig(allOptions, { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware' });
  const start = (hostname: string, transport: Transport) => startConductor({ config: { ...config, hostname }, repos: db.repos, transport, logger: silentLogger() });
  const stale = (hostname: string) => db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - interval '1 hour' WHERE hostname = $1`, [hostname]);

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(2);
  });
  afterAll(async () => {
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  });

  it('keeps the locks of a peer whose heartbeat expired but which answers, and takes those of one nobody answers for', async () => {
    const [alive, survivor, ghost] = [`alive-${randomUUID().slice(0, 8)}`, `survivor-${randomUUID().slice(0, 8)}`, `ghost-${randomUUID().slice(0, 8)}`];
    const a = await start(alive, transports[0]);
    const s = await start(survivor, transports[1]);
    try {
      const held = await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll' });
      const orphaned = await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll' });
      await db.repos.reservations.tryReserve(held.uuid, alive);
      await db.repos.conductors.register(ghost, '', []);
      await db.repos.reservations.tryReserve(orphaned.uuid, ghost);
      await stale(alive);
      await stale(ghost);

      expect(await s.sweep()).toEqual([ghost]);
      expect((await db.repos.nodes.getByIdent(held.uuid)).reservation).toBe(alive);
      expect((await db.repos.nodes.getByIdent(orphaned.uuid)).reservation).toBeNull();
      await db.repos.reservations.release(held.uuid, alive);
    } finally {
      await a.close();
      await s.close();
    }
  });

  it('a conductor replaced under its hostname (restarted while it hung) can no longer write: its job ends with LockLost', async () => {
    const name = `replaced-${randomUUID().slice(0, 8)}`;
    const slow = loadConfig(allOptions, { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware', FERRUM_FAKE_POWER_DELAY_MS: '1500' });
    const old = await startConductor({ config: { ...slow, hostname: name }, repos: db.repos, transport: transports[0], logger: silentLogger() });
    try {
      const node = await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll', power_state: 'power off' });
      await testClient(transports[1]).call(SetPowerState, { node_uuid: node.uuid, target: 'power on' }, { host: name });
      // What a new process of the same name does as it starts: take its old locks, register (a new epoch).
      await db.repos.reservations.clearForDeadHosts([name]);
      await db.repos.conductors.register(name, '', []);
      await new Promise((r) => setTimeout(r, 2500));
      // The old process's power action ended, but none of its writes landed: no power state, no lock taken back.
      expect(await db.repos.nodes.getByIdent(node.uuid)).toMatchObject({ power_state: 'power off', reservation: null });
    } finally {
      await old.close();
    }
  });
});
