import { randomBytes } from 'node:crypto';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { exerciseLifecycle } from './support/lifecycle';

/** `npm start` as a user runs it: one process, PGlite, in-process transport, fake hardware. */
describe('all-in-one process (embedded PGlite and in-process transport)', () => {
  let ferrum: FerrumProcess;
  let http: IronicHttp;
  let startupMs: number;

  beforeAll(async () => {
    const port = await freePort();
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
    });
    http = new IronicHttp(`http://127.0.0.1:${port}`);
    startupMs = await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
  });

  afterAll(async () => {
    await ferrum?.kill();
  });

  // Speed is measured, not asserted (a loaded CI machine once took 10.6 s): the time is printed, and
  // waitUntilUp fails the file if /v1 never answers within 30 s.
  it('answers GET /v1 after starting, and says how long that took', () => {
    console.log(`all-in-one: GET /v1 answered ${startupMs} ms after the process started`);
    expect(startupMs).toBeGreaterThan(0);
  });

  it('serves the node, port, chassis, power and conductor lifecycle', async () => {
    await exerciseLifecycle(http, randomBytes(3).toString('hex'));
  });

  it('runs the conductor in the same process and lists it as alive', async () => {
    const { json } = await http.get('/v1/conductors?detail=true');
    expect(json.conductors).toHaveLength(1);
    expect(json.conductors[0]).toMatchObject({ alive: true, drivers: ['fake-hardware', 'ipmi', 'manual-management', 'redfish'] });
  });

  it('stops cleanly on SIGTERM and marks its conductor offline', async () => {
    await ferrum.kill('SIGTERM');
    expect(ferrum.logs).toContain('conductor stopped');
  });
});
