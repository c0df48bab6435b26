import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

describe('/v1/conductors', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
    await api.db.repos.conductors.register('old-conductor', 'rack2', []);
    await api.db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - interval '1 hour' WHERE hostname = 'old-conductor'`);
  });
  afterAll(() => api.close());

  it('does not exist before 1.49', async () => {
    const reply = await api.request('GET', '/v1/conductors', { version: '1.48' });
    expect(reply.statusCode).toBe(404);
    expect((await api.request('GET', `/v1/conductors/${api.conductor.hostname}`, { version: '1.48' })).statusCode).toBe(404);
  });

  it('lists conductors, dead ones included, with whether they are alive', async () => {
    const body = (await api.request('GET', '/v1/conductors?sort_key=hostname')).json();
    const byHost = Object.fromEntries(body.conductors.map((c: { hostname: string }) => [c.hostname, c]));
    expect(byHost[api.conductor.hostname]).toEqual({
      hostname: api.conductor.hostname,
      conductor_group: '',
      alive: true,
      links: [
        { href: `${PUBLIC_URL}/v1/conductors/${api.conductor.hostname}`, rel: 'self' },
        { href: `${PUBLIC_URL}/conductors/${api.conductor.hostname}`, rel: 'bookmark' },
      ],
    });
    expect(byHost['old-conductor']).toMatchObject({ alive: false, conductor_group: 'rack2' });
  });

  it('shows one conductor with the drivers it serves', async () => {
    const reply = await api.request('GET', `/v1/conductors/${api.conductor.hostname}`);
    expect(reply.json()).toMatchObject({ hostname: api.conductor.hostname, alive: true, drivers: ['fake-hardware'] });
    expect((await api.request('GET', '/v1/conductors/nobody')).statusCode).toBe(404);
  });

  it('pages by hostname and gives all fields with detail', async () => {
    const first = (await api.request('GET', '/v1/conductors?limit=1&sort_key=hostname&detail=true')).json();
    expect(first.conductors[0]).toHaveProperty('drivers');
    expect(first.next).toBe(
      `${PUBLIC_URL}/v1/conductors?sort_key=hostname&sort_dir=asc&detail=True&limit=1&marker=${first.conductors[0].hostname}`,
    );
    const second = (await api.request('GET', first.next.replace(PUBLIC_URL, ''))).json();
    expect(second.conductors[0].hostname).not.toBe(first.conductors[0].hostname);
    expect((await api.request('GET', '/v1/conductors?marker=nobody')).statusCode).toBe(404);
  });

  it('refuses sorting on computed fields', async () => {
    expect((await api.request('GET', '/v1/conductors?sort_key=alive')).statusCode).toBe(400);
  });
});
