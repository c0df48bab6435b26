import { FerrumMetrics } from './ferrum-metrics';
import { HealthChecks } from './health-checks';
import { HealthServerHandle, startHealthServer } from './health.server';
import { Observability } from './observability';

describe('health server (the conductor\'s own port)', () => {
  let ready = true;
  let server: HealthServerHandle;
  const observability = new Observability(new FerrumMetrics(), new HealthChecks());
  observability.health.register('conductor c1', async () => (ready ? true : { ok: false, detail: 'draining' }));
  observability.metrics.trackWorkerPool('c1', { size: 4, active: 1 });

  beforeAll(async () => {
    server = await startHealthServer(observability, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  it('answers /healthz with 200 whatever the readiness', async () => {
    ready = false;
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when ready and 503 with the failing check when not', async () => {
    ready = true;
    let res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { 'conductor c1': { ok: true } } });
    ready = false;
    res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', checks: { 'conductor c1': { ok: false, detail: 'draining' } } });
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('ferrum_conductor_workers{conductor="c1"} 4');
  });

  it('answers 404 to anything else', async () => {
    expect((await fetch(`${server.url}/v1/nodes`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
