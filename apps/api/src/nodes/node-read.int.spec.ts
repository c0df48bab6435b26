import { randomUUID } from 'node:crypto';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

describe('GET /v1/nodes/{ident}', () => {
  let api: ApiHarness;
  let node: { uuid: string; name: string };
  beforeAll(async () => {
    api = await startApiHarness();
    node = await api.createNode({ name: 'show-me', driver_info: { ipmi_password: 'pw' } });
  });
  afterAll(() => api.close());

  const get = (url: string, version?: string) => api.request('GET', url, { version });

  it('finds a node by UUID or by name', async () => {
    expect((await get(`/v1/nodes/${node.uuid}`)).json().name).toBe('show-me');
    expect((await get('/v1/nodes/show-me')).json().uuid).toBe(node.uuid);
  });

  it('does not know names below 1.5, and hides fields newer than the requested version', async () => {
    expect((await get('/v1/nodes/show-me', '1.4')).statusCode).toBe(404);
    const old = (await get(`/v1/nodes/${node.uuid}`, '1.1')).json();
    for (const field of ['name', 'driver_internal_info', 'conductor', 'owner', 'shard', 'states', 'portgroups', 'volume']) {
      expect(old).not.toHaveProperty(field);
    }
    expect(old).toHaveProperty('ports');
    const at49 = (await get(`/v1/nodes/${node.uuid}`, '1.49')).json();
    expect(at49.conductor).toBe(api.conductor.hostname);
    expect(at49).not.toHaveProperty('owner');
  });

  it('answers 404 for a node that does not exist', async () => {
    const reply = await get(`/v1/nodes/${randomUUID()}`);
    expect(reply.statusCode).toBe(404);
    expect(api.error(reply).faultstring).toMatch(/^Node .* could not be found\.$/);
    expect((await get('/v1/nodes/nobody')).statusCode).toBe(404);
  });

  it('refuses an ident that is neither a UUID nor a name with 400 in the framework shape', async () => {
    const reply = await get('/v1/nodes/bad%20name');
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply)).toEqual({ code: 400, title: 'Bad Request', description: 'Expected UUID or name for node: bad name' });
    expect(reply.headers['openstack-request-id']).toBeUndefined();
  });

  it('returns only the requested fields plus links', async () => {
    const reply = await get(`/v1/nodes/${node.uuid}?fields=uuid,Name`);
    expect(reply.json()).toEqual({ uuid: node.uuid, name: 'show-me', links: expect.any(Array) });
  });

  it('refuses fields before 1.8, unknown fields, and fields newer than the version', async () => {
    expect((await get(`/v1/nodes/${node.uuid}?fields=uuid`, '1.7')).statusCode).toBe(406);
    const unknown = await get(`/v1/nodes/${node.uuid}?fields=uuid,colour`);
    expect(unknown.statusCode).toBe(400);
    expect(api.error(unknown).faultstring).toBe('Field colour is not a valid field.');
    expect((await get(`/v1/nodes/${node.uuid}?fields=shard`, '1.81')).statusCode).toBe(406);
  });

  it('refuses unknown query parameters', async () => {
    const reply = await get(`/v1/nodes/${node.uuid}?foo=bar`);
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('Unexpected arguments: foo');
  });

  it('masks driver_info secrets and the agent token', async () => {
    await api.db.repos.dataSource.query(`UPDATE nodes SET driver_internal_info = '{"agent_secret_token": "tok", "agent_url": "http://a"}' WHERE uuid = $1`, [node.uuid]);
    const body = (await get(`/v1/nodes/${node.uuid}`)).json();
    expect(body.driver_info.ipmi_password).toBe('******');
    expect(body.driver_internal_info).toEqual({ agent_secret_token: '******', agent_url: 'http://a' });
  });

  it('shows inspect wait as inspecting below 1.39', async () => {
    const waiting = await api.createNode();
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'inspect wait' WHERE uuid = $1`, [waiting.uuid]);
    expect((await get(`/v1/nodes/${waiting.uuid}`, '1.38')).json().provision_state).toBe('inspecting');
    expect((await get(`/v1/nodes/${waiting.uuid}`, '1.39')).json().provision_state).toBe('inspect wait');
    expect((await get(`/v1/nodes/${waiting.uuid}/states`, '1.38')).json().provision_state).toBe('inspecting');
  });

  it('finds a node whose name ends in .json', async () => {
    await api.createNode({ name: 'web.json' });
    expect((await get('/v1/nodes/web.json')).json().name).toBe('web.json');
  });
});

describe('GET /v1/nodes', () => {
  let api: ApiHarness;
  const uuids: string[] = [];
  beforeAll(async () => {
    api = await startApiHarness();
    for (let i = 0; i < 5; i++) {
      uuids.push((await api.createNode({ name: `list-${i}`, description: i % 2 ? 'rack A' : 'rack B', resource_class: `rc${i}` })).uuid);
    }
    await api.db.repos.dataSource.query(`UPDATE nodes SET maintenance = true WHERE name = 'list-1'`);
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'manageable' WHERE name = 'list-2'`);
    await api.db.repos.dataSource.query(`UPDATE nodes SET instance_uuid = $1 WHERE name = 'list-3'`, [randomUUID()]);
  });
  afterAll(() => api.close());

  const list = (query = '', version?: string) => api.request('GET', `/v1/nodes${query}`, { version });
  const names = (reply: { json(): { nodes: { name: string }[] } }) => reply.json().nodes.map((n) => n.name);

  it('returns the default fields for each node, in insertion order', async () => {
    const reply = await list();
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(body.nodes).toHaveLength(5);
    expect(Object.keys(body.nodes[0]).sort()).toEqual(['instance_uuid', 'links', 'maintenance', 'name', 'power_state', 'provision_state', 'uuid']);
    expect(body.nodes.map((n: { uuid: string }) => n.uuid)).toEqual(uuids);
    expect(body).not.toHaveProperty('next');
  });

  it('leaves name out below 1.5', async () => {
    expect(Object.keys((await list('', '1.1')).json().nodes[0])).not.toContain('name');
  });

  it('returns every field from /detail and from ?detail=true (1.43+)', async () => {
    const detail = (await list('/detail')).json().nodes[0];
    expect(detail).toHaveProperty('driver_info');
    expect(detail).toHaveProperty('states');
    expect((await list('?detail=true')).json().nodes[0]).toHaveProperty('driver_info');
    const early = await list('?detail=true', '1.42');
    expect(early.statusCode).toBe(400);
    expect(api.error(early).faultstring).toBe('Invalid query parameter ?detail=True received.');
  });

  it('refuses fields together with detail, and fields on /detail', async () => {
    expect(api.error(await list('?detail=true&fields=uuid')).faultstring).toBe('Can not specify ?detail=True and fields in the same request.');
    const reply = await list('/detail?fields=uuid');
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('Unexpected arguments: fields');
  });

  it('answers 404 for /nodes/{ident}/detail', async () => {
    expect((await list(`/${uuids[0]}/detail`)).statusCode).toBe(404);
  });

  it('pages with limit, marker and a next link that carries the query', async () => {
    const first = (await list('?limit=2&sort_key=name&sort_dir=desc&fields=uuid,name')).json();
    expect(first.nodes.map((n: { name: string }) => n.name)).toEqual(['list-4', 'list-3']);
    expect(first.next).toBe(`${PUBLIC_URL}/v1/nodes?sort_key=name&sort_dir=desc&fields=uuid,name&limit=2&marker=${uuids[3]}`);
    const second = await api.request('GET', first.next.replace(PUBLIC_URL, ''));
    expect(names(second)).toEqual(['list-2', 'list-1']);
    const last = (await api.request('GET', second.json().next.replace(PUBLIC_URL, ''))).json();
    expect(last.nodes.map((n: { name: string }) => n.name)).toEqual(['list-0']);
    expect(last).not.toHaveProperty('next');
  });

  it('refuses a non-positive limit, a bad sort direction and sorting on JSON fields', async () => {
    expect(api.error(await list('?limit=0')).faultstring).toBe('Limit must be positive');
    expect(api.error(await list('?limit=abc')).faultstring).toBe('Expected an integer for limit: abc');
    expect(api.error(await list('?sort_dir=up')).faultstring).toBe("Invalid sort direction: up. Acceptable values are 'asc' or 'desc'");
    const json = await list('?sort_key=properties');
    expect(json.statusCode).toBe(400);
    expect(api.error(json).faultstring).toBe('The sort_key value properties is an invalid field for sorting');
    expect((await list('?sort_key=shard', '1.81')).statusCode).toBe(406);
  });

  it('answers 404 when the marker node does not exist', async () => {
    expect((await list(`?marker=${randomUUID()}`)).statusCode).toBe(404);
  });

  it('filters by maintenance, association, provision state, driver and description', async () => {
    expect(names(await list('?maintenance=true'))).toEqual(['list-1']);
    expect(names(await list('?maintenance=False'))).toHaveLength(4);
    expect(names(await list('?associated=true'))).toEqual(['list-3']);
    expect(names(await list('?provision_state=manageable'))).toEqual(['list-2']);
    expect(names(await list('?driver=fake-hardware'))).toHaveLength(5);
    expect(names(await list('?description_contains=rack%20A'))).toEqual(['list-1', 'list-3']);
    expect(names(await list('?resource_class=rc4'))).toEqual(['list-4']);
  });

  it('finds the node of an instance without a next link', async () => {
    const { instance_uuid } = (await api.db.repos.nodes.findByName('list-3'))!;
    const body = (await list(`?instance_uuid=${instance_uuid}&limit=1`)).json();
    expect(body.nodes.map((n: { name: string }) => n.name)).toEqual(['list-3']);
    expect(body).not.toHaveProperty('next');
  });

  it('filters by the conductor the ring maps nodes to (1.49+)', async () => {
    expect(names(await list(`?conductor=${api.conductor.hostname}`))).toHaveLength(5);
    expect(names(await list('?conductor=elsewhere'))).toEqual([]);
    expect((await list(`?conductor=${api.conductor.hostname}`, '1.48')).statusCode).toBe(406);
  });

  it('refuses filters newer than the requested version with 406', async () => {
    expect((await list('?provision_state=manageable', '1.8')).statusCode).toBe(406);
    const driver = await list('?driver=fake-hardware', '1.15');
    expect(driver.statusCode).toBe(406);
    expect(api.error(driver).faultstring).toBe('Request not acceptable. The minimal required API version should be 1.16');
    expect((await list('?owner=x', '1.49')).statusCode).toBe(406);
    expect((await list('?shard=x', '1.81')).statusCode).toBe(406);
  });

  it('refuses unknown states, faults, arguments and unreadable booleans with 400', async () => {
    expect(api.error(await list('?provision_state=deleted')).faultstring).toBe('Provision state "deleted" is not valid');
    expect(api.error(await list('?fault=meltdown')).faultstring).toContain('Unrecognized fault "meltdown"');
    expect(api.error(await list('?colour=red')).faultstring).toBe('Unexpected arguments: colour');
    expect((await list('?maintenance=sometimes')).statusCode).toBe(400);
    expect((await list('?chassis_uuid=nope')).statusCode).toBe(400);
  });

  it('answers 404 for an unknown chassis filter and lists the nodes of a known one', async () => {
    expect((await list(`?chassis_uuid=${randomUUID()}`)).statusCode).toBe(404);
    const chassis = (await api.request('POST', '/v1/chassis', { body: {} })).json();
    await api.createNode({ name: 'in-chassis', chassis_uuid: chassis.uuid });
    expect(names(await list(`?chassis_uuid=${chassis.uuid}`))).toEqual(['in-chassis']);
    await api.request('DELETE', `/v1/nodes/in-chassis`);
  });
});
