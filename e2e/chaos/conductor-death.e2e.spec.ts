import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { startApiProcess } from '../support/api-process';
import { IronicHttp } from '../support/http';

const HEARTBEAT_S = 2;

/**
 * Chaos: a conductor is SIGKILLed while it handles a request. The caller must learn at once (503, retry),
 * not after the 60 s RPC timeout (504); the dead conductor's lock must not outlive its heartbeat, and the
 * request, retried, must succeed on the survivor. API and conductors are separate processes on PostgreSQL
 * and NATS, as in production.
 */
describe('chaos: a conductor dies with a request in flight', () => {
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;
  const run = `${process.pid}-${randomBytes(2).toString('hex')}`;
  const hosts = { c1: `chaos-c1-${run}`, c2: `chaos-c2-${run}` };
  const conductors: Record<string, FerrumProcess> = {};

  beforeAll(async () => {
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: chaos e2e skipped')) && (await useRealService('NATS', TEST_NATS_URL, 'nothing: chaos e2e skipped'));
    if (!available) return;
    db = await createPostgresDatabase();
    const common = {
      FERRUM_NATS_NAMESPACE: testNamespace(),
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      FERRUM_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_S),
      FERRUM_HEARTBEAT_TIMEOUT_S: String(HEARTBEAT_S * 1.5),
      FERRUM_HASH_RING_RESET_INTERVAL_S: '0.2',
      // A power action holds the node's lock for a while, and a second request waits for it in the conductor.
      FERRUM_FAKE_POWER_DELAY_MS: '30000',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '60',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '500',
      // Ironic's default: a caller left waiting would wait a minute.
      FERRUM_RPC_TIMEOUT_MS: '60000',
    };
    for (const [name, hostname] of Object.entries(hosts)) {
      conductors[name] = new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: hostname });
      procs.push(conductors[name]);
    }
    await Promise.all(Object.values(conductors).map((c) => c.waitForLog(/conductor registered/)));
    http = await startApiProcess(common, procs);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await db?.drop();
  });

  it('answers 503 at once, frees the lock after the heartbeat, and the retried request succeeds on the survivor', async () => {
    if (!available) return;
    let node: { uuid: string; conductor: string } | undefined;
    for (let i = 0; i < 20 && !node; i++) {
      const { json } = await http.post('/v1/nodes', { driver: 'fake-hardware', name: `chaos-${i}` });
      const shown = (await http.get(`/v1/nodes/${json.uuid}?fields=uuid,conductor`)).json;
      if (shown.conductor === hosts.c1) node = shown;
    }
    expect(node).toBeDefined();
    const url = `/v1/nodes/${node!.uuid}/states/power`;
    expect((await http.put(url, { target: 'power on' })).status).toBe(202);
    // This one waits in c1 for the lock the power action holds; c1 dies meanwhile.
    const waiting = http.put(url, { target: 'power off' });
    await new Promise((r) => setTimeout(r, 1000));
    await conductors.c1.kill('SIGKILL');

    const answer = await waiting;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(IronicHttp.fault(answer.json)).toBe(`Conductor ${hosts.c1} went away while handling the request; please retry.`);

    // The survivor clears the dead conductor's lock once its heartbeat has expired, and takes the node.
    await http.until(`/v1/nodes/${node!.uuid}`, (n) => n.reservation === null && n.conductor === hosts.c2, HEARTBEAT_S * 4 * 1000);
    const retried = await http.put(url, { target: 'power off' });
    expect(retried.status).toBe(202);
    expect((await http.get(`/v1/nodes/${node!.uuid}`)).json).toMatchObject({ target_power_state: 'power off', reservation: hosts.c2 });
  }, 60_000);
});
