import { randomUUID } from 'node:crypto';
import { ApiHarness, PUBLIC_URL, startApiHarness, until } from '../testing/api-harness';

describe('node states and power', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const power = (ident: string, body: unknown, version?: string) => api.request('PUT', `/v1/nodes/${ident}/states/power`, { body, version });
  const read = (uuid: string) => api.db.repos.nodes.findByUuid(uuid).then((n) => n!);

  it('shows the states from the database, with raid and boot mode fields by version', async () => {
    const node = await api.createNode();
    const latest = (await api.request('GET', `/v1/nodes/${node.uuid}/states`)).json();
    expect(latest).toEqual({
      console_enabled: false,
      last_error: null,
      power_state: null,
      provision_state: 'enroll',
      target_power_state: null,
      target_provision_state: null,
      provision_updated_at: null,
      raid_config: {},
      target_raid_config: {},
      boot_mode: null,
      secure_boot: null,
    });
    const old = (await api.request('GET', `/v1/nodes/${node.uuid}/states`, { version: '1.11' })).json();
    expect(Object.keys(old)).not.toContain('raid_config');
    expect(Object.keys(old)).not.toContain('boot_mode');
  });

  it('accepts a power request with 202, no body, no content type and a Location to poll', async () => {
    const node = await api.createNode({ name: 'power-1' });
    const reply = await power('power-1', { target: 'power on' });
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
    expect(reply.headers.location).toBe(`${PUBLIC_URL}/v1/nodes/power-1/states`);
    await until(async () => (await read(node.uuid)).reservation === null);
    expect(await read(node.uuid)).toMatchObject({ power_state: 'power on', target_power_state: null });
  });

  it('accepts soft power targets and a timeout from 1.27 only', async () => {
    const node = await api.createNode();
    expect((await power(node.uuid, { target: 'soft power off' }, '1.26')).statusCode).toBe(406);
    expect((await power(node.uuid, { target: 'power on', timeout: 10 }, '1.26')).statusCode).toBe(406);
    expect((await power(node.uuid, { target: 'soft power off', timeout: 30 }, '1.27')).statusCode).toBe(202);
    await until(async () => (await read(node.uuid)).reservation === null);
  });

  it('refuses a timeout below 1', async () => {
    const node = await api.createNode();
    const reply = await power(node.uuid, { target: 'power on', timeout: 0 });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('timeout has to be positive integer');
    expect((await power(node.uuid, { target: 'power on', timeout: 'soon' })).statusCode).toBe(400);
  });

  it('refuses an unknown target naming the current power state', async () => {
    const node = await api.createNode();
    const reply = await power(node.uuid, { target: 'power cycle' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe(
      `The requested action "power cycle" can not be performed on node "${node.uuid}" while it is in state "None".`,
    );
  });

  it('refuses power changes while the node is cleaning', async () => {
    const node = await api.createNode();
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'clean wait' WHERE uuid = $1`, [node.uuid]);
    const reply = await power(node.uuid, { target: 'power off' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toContain('while it is in state "clean wait"');
  });

  it('requires a target and refuses unknown arguments', async () => {
    const node = await api.createNode();
    expect(api.error(await power(node.uuid, {})).faultstring).toBe('Missing mandatory parameter: target');
    expect(api.error(await power(node.uuid, { target: 'power on', force: true })).faultstring).toBe('Unexpected arguments: force');
  });

  it('answers 409 when another task holds the node, and 404 for an unknown node', async () => {
    const node = await api.createNode();
    await api.lockNode(node.uuid);
    expect((await power(node.uuid, { target: 'power on' })).statusCode).toBe(409);
    expect((await power(randomUUID(), { target: 'power on' })).statusCode).toBe(404);
  });
});

describe('DELETE /v1/nodes/{ident}', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it('deletes a node with 204, no body and no content type', async () => {
    const node = await api.createNode({ name: 'delete-me' });
    const reply = await api.request('DELETE', '/v1/nodes/delete-me');
    expect(reply.statusCode).toBe(204);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).statusCode).toBe(404);
  });

  it('refuses to delete an active node with 409 and a protected one with 403', async () => {
    const node = await api.createNode();
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'active' WHERE uuid = $1`, [node.uuid]);
    expect((await api.request('DELETE', `/v1/nodes/${node.uuid}`)).statusCode).toBe(409);
    await api.request('PATCH', `/v1/nodes/${node.uuid}`, { body: [{ op: 'replace', path: '/protected', value: true }] });
    const reply = await api.request('DELETE', `/v1/nodes/${node.uuid}`);
    expect(reply.statusCode).toBe(403);
    expect(api.error(reply).faultcode).toBe('Client');
  });

  it('answers 404 for a node that does not exist', async () => {
    expect((await api.request('DELETE', `/v1/nodes/${randomUUID()}`)).statusCode).toBe(404);
  });
});
