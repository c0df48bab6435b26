import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@ferrum/testing';
import { InvalidIntrospectionEvent } from '@ferrum/state-machines';

describe('introspection cache (PostgreSQL, PGlite outside CI)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('starts a run with lookup attributes, finds it by MAC and drops the attributes when it finishes', async () => {
    const uuid = randomUUID();
    const mac = `52:54:00:${randomUUID().slice(0, 2)}:00:01`;
    await db.repos.introspections.start(uuid, { manageBoot: true, attributes: { bmc_address: ['192.0.2.9'], mac: [mac] } });
    expect((await db.repos.introspections.get(uuid))?.state).toBe('starting');
    expect(await db.repos.introspections.matchAttributes({ mac: [mac], bmc_address: ['192.0.2.9'] })).toEqual([{ uuid, score: 2 }]);
    expect(await db.repos.introspections.activeMacs()).toContain(mac);
    await db.repos.introspections.transition(uuid, 'wait');
    await db.repos.introspections.transition(uuid, 'process');
    const done = await db.repos.introspections.transition(uuid, 'finish');
    expect(done.state).toBe('finished');
    expect(done.finished_at).toBeInstanceOf(Date);
    expect(await db.repos.introspections.matchAttributes({ mac: [mac] })).toEqual([]);
    expect(await db.repos.introspections.activeMacs()).not.toContain(mac);
  });

  it('refuses to restart a run that is being processed, and records the error of a failed one', async () => {
    const uuid = randomUUID();
    await db.repos.introspections.start(uuid, { manageBoot: false, attributes: {} });
    await db.repos.introspections.transition(uuid, 'wait');
    await db.repos.introspections.transition(uuid, 'process');
    await expect(db.repos.introspections.start(uuid, { manageBoot: true, attributes: {} })).rejects.toThrow(InvalidIntrospectionEvent);
    const failed = await db.repos.introspections.transition(uuid, 'error', { error: 'boom' });
    expect(failed).toMatchObject({ state: 'error', error: 'boom', manage_boot: false });
    expect((await db.repos.introspections.start(uuid, { manageBoot: true, attributes: {} })).state).toBe('starting');
  });

  it('lets exactly one of several concurrent discoveries claim a machine\'s MACs', async () => {
    const macs = ['02:aa:00:00:00:01', '02:aa:00:00:00:02'].map((m) => m.replace('aa', randomUUID().slice(0, 2)));
    const candidates = Array.from({ length: 5 }, () => randomUUID());
    const holders = await Promise.all(candidates.map((c) => db.repos.introspectionRules.claimMacs(macs, c)));
    expect(new Set(holders).size).toBe(1);
    expect(candidates).toContain(holders[0]);
  });

  it('keeps processed and unprocessed data apart and overwrites on a second store', async () => {
    const uuid = randomUUID();
    await db.repos.introspections.storeData(uuid, false, { a: 1 });
    await db.repos.introspections.storeData(uuid, true, { b: 2 });
    await db.repos.introspections.storeData(uuid, true, { b: 3 });
    expect(await db.repos.introspections.getData(uuid, false)).toEqual({ a: 1 });
    expect(await db.repos.introspections.getData(uuid, true)).toEqual({ b: 3 });
  });
});
