import { randomUUID } from 'node:crypto';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

describe('chassis', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const create = (body: unknown) => api.request('POST', '/v1/chassis', { body });

  it('creates a chassis with 201 and Location, and shows it with its nodes link', async () => {
    const reply = await create({ description: 'rack 1', extra: { row: 'b' } });
    expect(reply.statusCode).toBe(201);
    const chassis = reply.json();
    expect(reply.headers.location).toBe(`${PUBLIC_URL}/v1/chassis/${chassis.uuid}`);
    expect(chassis).toEqual({
      uuid: expect.any(String),
      description: 'rack 1',
      extra: { row: 'b' },
      created_at: expect.any(String),
      updated_at: null,
      links: [
        { href: `${PUBLIC_URL}/v1/chassis/${chassis.uuid}`, rel: 'self' },
        { href: `${PUBLIC_URL}/chassis/${chassis.uuid}`, rel: 'bookmark' },
      ],
      // Nested as upstream nests it.
      nodes: [[
        { href: `${PUBLIC_URL}/v1/chassis/${chassis.uuid}/nodes`, rel: 'self' },
        { href: `${PUBLIC_URL}/chassis/${chassis.uuid}/nodes`, rel: 'bookmark' },
      ]],
    });
    expect((await api.request('GET', `/v1/chassis/${chassis.uuid}`)).json()).toEqual(chassis);
  });

  it('refuses unknown keys and a description over 255 characters', async () => {
    expect(api.error(await create({ name: 'x' })).faultstring).toBe("Schema error for chassis: Additional properties are not allowed ('name' was unexpected)");
    expect((await create({ description: 'x'.repeat(256) })).statusCode).toBe(400);
  });

  it('lists chassis with the default fields, or all of them in /detail', async () => {
    await create({ description: 'listed' });
    const list = (await api.request('GET', '/v1/chassis')).json();
    expect(Object.keys(list.chassis[0]).sort()).toEqual(['description', 'links', 'uuid']);
    expect((await api.request('GET', '/v1/chassis/detail')).json().chassis[0]).toHaveProperty('extra');
    expect(api.error(await api.request('GET', '/v1/chassis?sort_key=extra')).faultstring).toBe('The sort_key value extra is an invalid field for sorting');
    expect((await api.request('GET', '/v1/chassis?fields=uuid,bogus')).statusCode).toBe(400);
  });

  it('patches description and extra and answers the chassis', async () => {
    const chassis = (await create({ description: 'old' })).json();
    const reply = await api.request('PATCH', `/v1/chassis/${chassis.uuid}`, {
      body: [
        { op: 'replace', path: '/description', value: 'new' },
        { op: 'add', path: '/extra/k', value: 'v' },
      ],
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ description: 'new', extra: { k: 'v' }, updated_at: expect.any(String) });
    expect(api.error(await api.request('PATCH', `/v1/chassis/${chassis.uuid}`, { body: [{ op: 'replace', path: '/created_at', value: 'x' }] })).faultstring).toBe(
      'Cannot patch /created_at. Only the following can be updated: description, extra, uuid',
    );
  });

  it('refuses to delete a chassis that has nodes with 400, and deletes an empty one with 204', async () => {
    const chassis = (await create({})).json();
    const node = await api.createNode({ chassis_uuid: chassis.uuid });
    const refused = await api.request('DELETE', `/v1/chassis/${chassis.uuid}`);
    expect(refused.statusCode).toBe(400);
    expect(api.error(refused).faultstring).toBe(`Cannot complete the requested action because chassis ${chassis.uuid} contains nodes.`);
    await api.request('DELETE', `/v1/nodes/${node.uuid}`);
    const deleted = await api.request('DELETE', `/v1/chassis/${chassis.uuid}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.headers['content-type']).toBeUndefined();
    expect((await api.request('GET', `/v1/chassis/${chassis.uuid}`)).statusCode).toBe(404);
  });

  it('lists the nodes of a chassis and refuses writes through it with 403', async () => {
    const chassis = (await create({})).json();
    const node = await api.createNode({ chassis_uuid: chassis.uuid, name: 'in-rack' });
    await api.createNode({ name: 'not-in-rack' });
    const nodes = (await api.request('GET', `/v1/chassis/${chassis.uuid}/nodes`)).json().nodes;
    expect(nodes.map((n: { name: string }) => n.name)).toEqual(['in-rack']);
    expect((await api.request('GET', `/v1/chassis/${chassis.uuid}/nodes/detail`)).json().nodes[0]).toHaveProperty('driver');
    expect((await api.request('GET', `/v1/chassis/${chassis.uuid}/nodes/${node.uuid}`)).statusCode).toBe(403);
    expect((await api.request('POST', `/v1/chassis/${chassis.uuid}/nodes`, { body: { driver: 'fake-hardware' } })).statusCode).toBe(403);
    expect((await api.request('GET', `/v1/chassis/${randomUUID()}/nodes`)).statusCode).toBe(404);
  });

  it('refuses a chassis ident that is not a UUID with a 400 fault, as the handler does', async () => {
    const reply = await api.request('GET', '/v1/chassis/rack-1');
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply)).toEqual({ faultcode: 'Client', faultstring: 'Expected UUID for chassis_uuid: rack-1', debuginfo: null });
  });

  it('refuses to change the uuid of a chassis, as Ironic does', async () => {
    const chassis = (await api.request('POST', '/v1/chassis', { body: {} })).json();
    const reply = await api.request('PATCH', `/v1/chassis/${chassis.uuid}`, { body: [{ op: 'replace', path: '/uuid', value: randomUUID() }] });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('Cannot overwrite UUID for an existing Chassis.');
    expect((await api.request('GET', `/v1/chassis/${chassis.uuid}`)).statusCode).toBe(200);
  });
});
