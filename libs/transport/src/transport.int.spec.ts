import { InvalidParameterValue, NodeLocked, RpcTimeout } from '@ferrum/errors';
import { createTestTransports } from '@ferrum/testing';
import { NoResponders, Transport } from './transport';

describe('request/reply transport', () => {
  let server: Transport;
  let client: Transport;
  const prefix = `test.${process.pid}.${Date.now()}`;

  beforeAll(async () => {
    [server, client] = await createTestTransports(2, 500);
  });
  afterAll(async () => {
    await client.close();
    if (server !== client) await server.close();
  });

  it('answers a request with the handler result and carries the request id', async () => {
    await server.handle(`${prefix}.echo.v1`, async (payload, ctx) => ({ payload, requestId: ctx.requestId }));
    const reply = await client.request(`${prefix}.echo.v1`, { a: 1 }, { requestId: 'req-1' });
    expect(reply).toEqual({ payload: { a: 1 }, requestId: 'req-1' });
  });

  it('rethrows a domain error at the caller as the same class with the same message', async () => {
    await server.handle(`${prefix}.locked.v1`, async () => {
      throw new NodeLocked({ node: 'n1', host: 'c1' });
    });
    const error = await client.request<never>(`${prefix}.locked.v1`, {}).catch((e: unknown) => e as Error & { status: number });
    expect(error).toBeInstanceOf(NodeLocked);
    expect(error.message).toBe('Node n1 is locked by host c1, please retry after the current operation is completed.');
    expect(error.status).toBe(409);
  });

  it('hides unexpected errors behind a generic 500', async () => {
    await server.handle(`${prefix}.boom.v1`, async () => {
      throw new TypeError('secret detail');
    });
    const error = await client.request<never>(`${prefix}.boom.v1`, {}).catch((e: unknown) => e as Error & { status: number });
    expect(error.status).toBe(500);
    expect(error.message).not.toContain('secret');
  });

  it('says at once when nobody listens, so the caller can route elsewhere', async () => {
    await expect(client.request(`${prefix}.nobody.v1`, {})).rejects.toBeInstanceOf(NoResponders);
  });

  it('times out with an error naming the peer instead of hanging', async () => {
    await server.handle(`${prefix}.slow.v1`, () => new Promise((r) => setTimeout(r, 700)));
    const error = await client.request<never>(`${prefix}.slow.v1`, {}, { timeoutMs: 200, peer: 'c9' }).catch((e: unknown) => e as Error & { status: number });
    expect(error).toBeInstanceOf(RpcTimeout);
    expect(error.message).toContain('c9');
  });

  it('spreads requests over a queue group', async () => {
    const seen: string[] = [];
    await server.handle(`${prefix}.q.v1`, async () => seen.push('a'), { queue: 'g' });
    await server.handle(`${prefix}.q.v1`, async () => seen.push('b'), { queue: 'g' });
    for (let i = 0; i < 40; i++) await client.request(`${prefix}.q.v1`, {});
    expect(seen).toHaveLength(40);
    expect(new Set(seen)).toEqual(new Set(['a', 'b']));
  });

  it('validates nothing itself: payload errors are the handler\'s domain errors', async () => {
    await server.handle(`${prefix}.validate.v1`, async (p) => {
      if (!(p as { x?: number }).x) throw new InvalidParameterValue({ message: 'x is required' });
      return 'ok';
    });
    await expect(client.request(`${prefix}.validate.v1`, {})).rejects.toBeInstanceOf(InvalidParameterValue);
    await expect(client.request(`${prefix}.validate.v1`, { x: 1 })).resolves.toBe('ok');
  });

  it('broadcasts to every subscriber, as JSON, and no longer to one that unsubscribed', async () => {
    const got: Record<string, unknown[]> = { a: [], b: [] };
    const a = await server.subscribe(`${prefix}.news.v1`, (p) => got.a.push(p));
    await client.subscribe(`${prefix}.news.v1`, (p) => got.b.push(p));
    await client.publish(`${prefix}.news.v1`, { at: new Date(0), n: 1 });
    await until(() => got.a.length === 1 && got.b.length === 1);
    expect(got).toEqual({ a: [{ at: '1970-01-01T00:00:00.000Z', n: 1 }], b: [{ at: '1970-01-01T00:00:00.000Z', n: 1 }] });
    await a.unsubscribe();
    await client.publish(`${prefix}.news.v1`, { n: 2 });
    await until(() => got.b.length === 2);
    expect(got.a).toHaveLength(1);
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('not delivered in time');
}
