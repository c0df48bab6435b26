import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('/v1/shards', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const shards = async () => (await api.request('GET', '/v1/shards', { version: '1.82' })).json().shards;

  it('counts nodes per shard, most first, with unsharded nodes under "None", following node changes', async () => {
    expect(await shards()).toEqual([]);
    for (const shard of ['rack-a', 'rack-a', 'rack-b', undefined]) await api.createNode(shard ? { shard } : {});
    expect(await shards()).toEqual([
      { name: 'rack-a', count: 2 },
      { name: 'None', count: 1 },
      { name: 'rack-b', count: 1 },
    ]);
    const [b] = (await api.request('GET', '/v1/nodes?shard=rack-b', { version: '1.82' })).json().nodes;
    expect((await api.request('PATCH', `/v1/nodes/${b.uuid}`, { version: '1.82', body: [{ op: 'replace', path: '/shard', value: 'rack-a' }] })).statusCode).toBe(200);
    expect(await shards()).toEqual([
      { name: 'rack-a', count: 3 },
      { name: 'None', count: 1 },
    ]);
  });

  it('is not there below 1.82, serves no single shard, and refuses writes and arguments', async () => {
    const old = await api.request('GET', '/v1/shards', { version: '1.81' });
    expect(old.statusCode).toBe(404);
    expect(old.headers['openstack-request-id']).toBeUndefined();
    expect((await api.request('POST', '/v1/shards', { version: '1.81', body: {} })).statusCode).toBe(405);
    expect((await api.request('POST', '/v1/shards', { version: '1.82', body: { name: 'x' } })).statusCode).toBe(405);
    expect((await api.request('DELETE', '/v1/shards', { version: '1.82' })).statusCode).toBe(405);
    expect(api.error(await api.request('GET', '/v1/shards/rack-a', { version: '1.82' })).faultstring).toBe('The resource could not be found.');
    expect(api.error(await api.request('GET', '/v1/shards?limit=1', { version: '1.82' })).faultstring).toBe('Unexpected arguments: limit');
  });

  it('is listed in /v1 from 1.82', async () => {
    expect((await api.request('GET', '/v1', { version: '1.82' })).json()).toHaveProperty('shards');
    expect((await api.request('GET', '/v1', { version: '1.81' })).json()).not.toHaveProperty('shards');
  });
});
