import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('GET /v1/ferrum/jobs/{uuid}', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it('shows a job record with its state, outcome and times, whatever the microversion', async () => {
    const uuid = randomUUID();
    await api.db.repos.jobs.create({ uuid, kind: 'vendor_passthru', node_uuid: null, driver: 'ferrum-demo', method: 'driver_job', conductor: 'c1' });
    await api.db.repos.jobs.started(uuid);
    await api.db.repos.jobs.finished(uuid, { error: 'BMC said no' });
    for (const version of ['1.1', '1.82']) {
      const reply = await api.request('GET', `/v1/ferrum/jobs/${uuid}`, { version });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual({
        uuid,
        state: 'failed',
        kind: 'vendor_passthru',
        node_uuid: null,
        driver: 'ferrum-demo',
        method: 'driver_job',
        conductor: 'c1',
        result: null,
        error: 'BMC said no',
        created_at: expect.any(String),
        started_at: expect.any(String),
        finished_at: expect.any(String),
      });
    }
  });

  it('answers 404 in Ironic\'s error shape for an unknown or malformed id', async () => {
    const unknown = randomUUID();
    const reply = await api.request('GET', `/v1/ferrum/jobs/${unknown}`);
    expect(reply.statusCode).toBe(404);
    expect(api.error(reply)).toEqual({ faultcode: 'Client', faultstring: `Job ${unknown} could not be found.`, debuginfo: null });
    expect((await api.request('GET', '/v1/ferrum/jobs/not-a-job')).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/ferrum/jobs/${'-'.repeat(36)}`)).statusCode).toBe(404);
  });

  it('refuses query arguments', async () => {
    expect((await api.request('GET', `/v1/ferrum/jobs/${randomUUID()}?verbose=1`)).statusCode).toBe(400);
  });
});
