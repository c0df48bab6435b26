import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

describe('deploy templates', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const step = (extra: Record<string, unknown> = {}) => ({ interface: 'deploy', step: 'deploy', args: {}, priority: 100, ...extra });
  const create = (body: unknown) => api.request('POST', '/v1/deploy_templates', { body });
  const count = async () => Number((await api.db.repos.dataSource.query('SELECT count(*) AS n FROM deploy_templates'))[0].n);

  it('creates, shows (secrets in step args masked), lists, patches and deletes a template', async () => {
    const created = await create({ name: 'CUSTOM_RAID1', steps: [step({ args: { admin_password: 's3cret', level: '1' } })], extra: { a: 1 } });
    expect(created.statusCode).toBe(201);
    const t = created.json();
    expect(created.headers.location).toMatch(new RegExp(`/v1/deploy_templates/${t.uuid}$`));
    expect(t).toMatchObject({ name: 'CUSTOM_RAID1', extra: { a: 1 }, steps: [{ interface: 'deploy', step: 'deploy', args: { admin_password: '******', level: '1' }, priority: 100 }] });
    expect(JSON.stringify((await api.request('GET', '/v1/deploy_templates/CUSTOM_RAID1')).json())).not.toContain('s3cret');
    expect((await api.request('GET', '/v1/deploy_templates')).json().deploy_templates).toContainEqual({ uuid: t.uuid, name: 'CUSTOM_RAID1', links: expect.any(Array) });
    const patched = await api.request('PATCH', `/v1/deploy_templates/${t.uuid}`, { body: [{ op: 'replace', path: '/steps/0/priority', value: 50 }] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().steps[0].priority).toBe(50);
    expect(patched.json().updated_at).not.toBeNull();
    expect((await api.request('DELETE', '/v1/deploy_templates/CUSTOM_RAID1')).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/deploy_templates/${t.uuid}`)).statusCode).toBe(404);
  });

  it('refuses bad templates in Ironic\'s words and writes nothing', async () => {
    await create({ name: 'CUSTOM_TAKEN', steps: [step()] });
    const before = await count();
    const cases: [unknown, number, RegExp][] = [
      [{ name: 'CUSTOM_TAKEN', steps: [step()] }, 409, /^A deploy template with name CUSTOM_TAKEN already exists\.$/],
      [{ name: 'lower', steps: [step()] }, 400, /^Schema error for template: 'lower' is not valid under any of the given schemas/],
      [{ name: 'CUSTOM_X', steps: [] }, 400, /^Schema error for template: \[\] is too short$/],
      [{ name: 'CUSTOM_X', steps: [step(), step({ priority: 1 })] }, 400, /^Deploy template invalid: Duplicate deploy steps\..*Duplicates: interface: deploy, step: deploy\.$/],
      [{ name: 'CUSTOM_X', steps: [step({ interface: 'boot' })] }, 400, /'boot' is not one of \['power', 'management', 'deploy', 'bios', 'raid'\]/],
      [{ name: 'CUSTOM_X', steps: [step()], uuid: 'nope' }, 400, /^Expected UUID for uuid: nope$/],
    ];
    for (const [body, status, message] of cases) {
      const reply = await create(body);
      expect([reply.statusCode, api.error(reply).faultstring]).toEqual([status, expect.stringMatching(message)]);
    }
    expect((await api.request('POST', '/v1/deploy_templates', { body: { name: 'CUSTOM_OLD', steps: [step()] }, version: '1.54' })).statusCode).toBe(405);
    expect((await api.request('GET', '/v1/deploy_templates', { version: '1.54' })).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it("is applied at deploy time when the instance asks for its trait: a step the node lacks refuses the deploy", async () => {
    await create({ name: 'CUSTOM_NEEDS_BIOS', steps: [{ interface: 'bios', step: 'apply_configuration', args: {}, priority: 10 }] });
    const node = await api.createNode({ instance_info: { traits: ['CUSTOM_NEEDS_BIOS'], image_source: 'http://img/x.raw' } });
    for (const target of ['manage', 'provide']) {
      await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target } });
      await until(async () => (await api.request('GET', `/v1/nodes/${node.uuid}`)).json().target_provision_state === null, 30_000);
    }
    const refused = await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target: 'active' } });
    expect([refused.statusCode, api.error(refused).faultstring]).toEqual([400, expect.stringMatching(/from a deploy template matching the instance traits/)]);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).json().provision_state).toBe('available');
    // Without the trait the same node deploys.
    await api.request('PATCH', `/v1/nodes/${node.uuid}`, { body: [{ op: 'remove', path: '/instance_info/traits' }] });
    expect((await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target: 'active' } })).statusCode).toBe(202);
    await until(async () => (await api.request('GET', `/v1/nodes/${node.uuid}`)).json().provision_state === 'active', 30_000);
  });
});
