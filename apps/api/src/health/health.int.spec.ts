import { Observability } from '@ferrum/observability';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('API health endpoints', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it('answers /healthz outside /v1: no microversion needed and none announced', async () => {
    const reply = await h.request('GET', '/healthz', { version: null });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok' });
    expect(reply.headers['x-openstack-ironic-api-version']).toBeUndefined();
  });

  it('is ready with the conductor of this process registered, and not ready while any check fails', async () => {
    // The public probe says only up or not; the checks are behind credentials.
    expect((await h.request('GET', '/readyz')).json()).toEqual({ status: 'ok' });
    const ready = await h.request('GET', '/readyz/detail');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual(expect.objectContaining({ [`conductor ${h.conductor.hostname}`]: { ok: true } }));

    const remove = Observability.forProcess().health.register('database', async () => {
      throw new Error('connect ECONNREFUSED');
    });
    try {
      expect(await h.request('GET', '/readyz').then((r) => [r.statusCode, r.json()])).toEqual([503, { status: 'unavailable' }]);
      const down = await h.request('GET', '/readyz/detail');
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual(expect.objectContaining({ status: 'unavailable' }));
      // The dependency's own error (which may name its address) is not repeated.
      expect(down.json().checks.database).toEqual({ ok: false, detail: 'unavailable' });
    } finally {
      remove();
    }
  });

  it('counts requests by route pattern in /metrics, and RPCs the API made', async () => {
    const node = await h.createNode();
    for (let i = 0; i < 3; i++) expect((await h.request('GET', `/v1/nodes/${node.uuid}`)).statusCode).toBe(200);
    const reply = await h.request('GET', '/metrics', { version: null });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const line = reply.body.split('\n').find((l) => l.startsWith('ferrum_http_requests_total{server="api",method="GET",route="/v1/nodes/:ident",status="200"}'));
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(3);
    expect(reply.body).toContain(`ferrum_conductor_workers{conductor="${h.conductor.hostname}"}`);
  });

  it('counts requests that matched no route under one series, not one per URL', async () => {
    expect((await h.request('GET', '/v1/no-such-thing-here')).statusCode).toBe(404);
    const reply = await h.request('GET', '/metrics');
    expect(reply.body).toMatch(/^ferrum_http_requests_total\{server="api",method="GET",route="unmatched",status="404"\} \d+$/m);
    expect(reply.body).not.toContain('no-such-thing-here');
  });
});
