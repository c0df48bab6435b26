import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { PingConductor } from '@ferrum/contracts';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { startConductor } from '../start-conductor';

/** Two conductors of one name would share its subjects and run every request twice: the second must not start. */
describe('one conductor per hostname', () => {
  let db: TestDatabase;
  let transports: Transport[];
  const config = loadConfig(allOptions, { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware' });
  const start = (hostname: string, transport: Transport) => startConductor({ config: { ...config, hostname }, repos: db.repos, transport, logger: silentLogger() });

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(3);
  });
  afterAll(async () => {
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  });

  it('refuses a second one while the first answers, and lets the name be used again once the first has stopped', async () => {
    const name = `dup-${randomUUID().slice(0, 8)}`;
    const first = await start(name, transports[0]);
    try {
      await expect(start(name, transports[1])).rejects.toThrow(
        `A conductor named ${name} is already registered and answering; refusing to start a second one with the same hostname`,
      );
      // The first one is untouched: still registered, still the one answering on its subject.
      expect(await testClient(transports[2]).call(PingConductor, {}, { host: name })).toEqual({ hostname: name });
      expect((await db.repos.conductors.listAlive(config.heartbeatTimeoutS)).filter((c) => c.hostname === name)).toHaveLength(1);
    } finally {
      await first.close();
    }
    const again = await start(name, transports[1]);
    await again.close();
  });

  it('takes the name back from one that died with a fresh heartbeat (killed and restarted at once)', async () => {
    const name = `crashed-${randomUUID().slice(0, 8)}`;
    // What a SIGKILLed conductor leaves: registered, online, heartbeat seconds old, and nobody answering for it.
    await db.repos.conductors.register(name, '', []);
    const restarted = await start(name, transports[0]);
    try {
      expect(await testClient(transports[2]).call(PingConductor, {}, { host: name })).toEqual({ hostname: name });
    } finally {
      await restarted.close();
    }
  });
});
