import { HealthChecks } from './health-checks';

describe('HealthChecks', () => {
  it('is ready when every check passes, with each check named in the answer', async () => {
    const health = new HealthChecks();
    health.register('database', async () => true);
    health.register('nats', async () => ({ ok: true }));
    expect(await health.readiness()).toEqual({ ready: true, checks: { database: { ok: true }, nats: { ok: true } } });
  });

  it('is not ready when one check fails, says false, throws or does not answer in time', async () => {
    const health = new HealthChecks();
    health.register('ok', async () => true);
    health.register('false', async () => false);
    health.register('detail', async () => ({ ok: false, detail: 'draining' }));
    health.register('throws', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')));
    health.register('hangs', () => new Promise(() => undefined));
    const started = Date.now();
    const { ready, checks } = await health.readiness(100);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ready).toBe(false);
    expect(checks).toEqual({
      ok: { ok: true },
      false: { ok: false },
      detail: { ok: false, detail: 'draining' },
      // The dependency's error names its address: not repeated to whoever asks.
      throws: { ok: false, detail: 'unavailable' },
      hangs: { ok: false, detail: 'hangs timed out after 100 ms' },
    });
  });

  it('forgets a check once the part that registered it stops, but not a newer one under the same name', async () => {
    const health = new HealthChecks();
    const remove = health.register('conductor c1', async () => false);
    remove();
    expect(await health.readiness()).toEqual({ ready: true, checks: {} });
    const removeOld = health.register('x', async () => false);
    health.register('x', async () => true);
    removeOld();
    expect(health.names).toEqual(['x']);
  });
});
