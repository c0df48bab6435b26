import { randomBytes } from 'node:crypto';
import { FerrumProcess } from '../support/ferrum-process';
import { startApiProcess } from '../support/api-process';
import { IronicHttp } from '../support/http';
import type { PrivateNats } from '../support/private-nats';
import { ChaosServices, startChaosServices } from './chaos-services';

/**
 * Chaos: NATS goes away (a private nats-server of this file's own, stopped and started again on its port;
 * the shared one is never touched). Writes, which need a conductor, must answer 503 at once instead of
 * hanging for the RPC timeout; reads, served from the database, go on; when NATS is back everything works
 * again without a restart of Ferrum.
 */
describe('chaos: NATS outage', () => {
  let available = false;
  let services: ChaosServices | undefined;
  let nats: PrivateNats | undefined;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;

  beforeAll(async () => {
    services = await startChaosServices();
    if (!services) return;
    available = true;
    ({ nats } = services);
    const common = { DATABASE_URL: services.pg.url, NATS_URL: nats.url, FERRUM_RPC_TIMEOUT_MS: '60000' };
    const conductor = new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: `nats-chaos-${process.pid}-${randomBytes(2).toString('hex')}` });
    procs.push(conductor);
    await conductor.waitForLog(/conductor registered/);
    http = await startApiProcess(common, procs);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await services?.stop();
  });

  it('answers writes 503 while NATS is down, keeps serving reads, and recovers when it is back', async () => {
    if (!available) return;
    const { json: node } = await http.post('/v1/nodes', { driver: 'fake-hardware', name: 'through-the-outage' });
    await nats!.stop();

    const write = await http.put(`/v1/nodes/${node.uuid}/states/power`, { target: 'power on' });
    expect(write.status).toBe(503);
    expect(IronicHttp.fault(write.json)).toBe('The message bus is unavailable; please retry.');
    expect(write.headers.get('retry-after')).toBe('2');
    const created = await http.post('/v1/nodes', { driver: 'fake-hardware' });
    expect(created.status).toBe(503);
    const read = await http.get(`/v1/nodes/${node.uuid}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ uuid: node.uuid, name: 'through-the-outage', reservation: null });

    await nats!.restart();
    let status = 0;
    for (let i = 0; i < 200 && status !== 202; i++) {
      status = (await http.put(`/v1/nodes/${node.uuid}/states/power`, { target: 'power on' })).status;
      if (status !== 202) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(202);
    await http.until(`/v1/nodes/${node.uuid}`, (n) => n.power_state === 'power on' && n.reservation === null);
    // Nothing was half-done by the refused requests: one node besides this one was never created.
    expect((await http.get('/v1/nodes')).json.nodes).toHaveLength(1);
  }, 60_000);
});
