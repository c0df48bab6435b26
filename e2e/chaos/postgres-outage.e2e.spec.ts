import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { startApiProcess } from '../support/api-process';
import { IronicHttp } from '../support/http';
import { TcpProxy } from '../support/tcp-proxy';

const HEARTBEAT_S = 1;

/**
 * Chaos: PostgreSQL goes away under a conductor while its power actions run (a TCP proxy between the
 * conductor and its database is cut, then restored; the shared server is never touched). The jobs cannot
 * record their result nor give their lock back during the outage; once the database answers again, no
 * node may stay locked (before: until the conductor restarted) and none may keep a target it will never reach.
 */
describe('chaos: a database outage while power actions run', () => {
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let pg: TcpProxy | undefined;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;
  const hostname = `pg-chaos-${process.pid}-${randomBytes(2).toString('hex')}`;

  beforeAll(async () => {
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: chaos e2e skipped')) && (await useRealService('NATS', TEST_NATS_URL, 'nothing: chaos e2e skipped'));
    if (!available) return;
    db = await createPostgresDatabase();
    pg = await TcpProxy.start(db.url);
    const common = {
      FERRUM_NATS_NAMESPACE: testNamespace(),
      NATS_URL: TEST_NATS_URL,
      FERRUM_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_S),
      FERRUM_HEARTBEAT_TIMEOUT_S: '30',
      FERRUM_FAKE_POWER_DELAY_MS: '1500',
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
    };
    const conductor = new FerrumProcess('conductor', { ...common, DATABASE_URL: pg.rewrite(db.url), FERRUM_CONDUCTOR_HOSTNAME: hostname });
    procs.push(conductor);
    await conductor.waitForLog(/conductor registered/);
    // The API reads the database directly: what an operator sees during and after the outage.
    http = await startApiProcess({ ...common, DATABASE_URL: db.url }, procs);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await pg?.cut();
    await db?.drop();
  });

  it('leaves no node locked and no stale power target once the database is back; the conductor works on', async () => {
    if (!available) return;
    const nodes: string[] = [];
    for (let i = 0; i < 6; i++) nodes.push((await http.post('/v1/nodes', { driver: 'fake-hardware', name: `pg-chaos-${i}` })).json.uuid);
    for (const uuid of nodes) expect((await http.put(`/v1/nodes/${uuid}/states/power`, { target: 'power on' })).status).toBe(202);
    await pg!.cut();
    try {
      // The actions end (1.5 s) while the database is unreachable: nothing can be recorded or released.
      await new Promise((r) => setTimeout(r, 3000));
      const during = (await http.get('/v1/nodes?fields=uuid,reservation&limit=100')).json.nodes as { reservation: string | null }[];
      expect(during.filter((n) => n.reservation === hostname)).toHaveLength(6);
    } finally {
      await pg!.restore();
    }
    for (const uuid of nodes) {
      const node = await http.until(`/v1/nodes/${uuid}`, (n) => n.reservation === null, 15_000);
      expect(node.target_power_state).toBeNull();
      if (node.power_state !== 'power on') expect(node.last_error).toContain('could not be recorded');
    }
    expect((await http.put(`/v1/nodes/${nodes[0]}/states/power`, { target: 'power on' })).status).toBe(202);
    await http.until(`/v1/nodes/${nodes[0]}`, (n) => n.power_state === 'power on' && n.reservation === null);
  }, 60_000);
});
