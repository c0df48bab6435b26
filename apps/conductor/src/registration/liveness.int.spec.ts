import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports } from '@ferrum/testing';
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
});
