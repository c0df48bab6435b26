import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

describe('allocations', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const show = async (ident: string) => (await api.request('GET', `/v1/allocations/${ident}`)).json();
  const node = async (ident: string) => (await api.request('GET', `/v1/nodes/${ident}`)).json();
  const settled = (ident: string) => until(async () => (await show(ident)).state !== 'allocating', 30_000);
  const waitStable = (uuid: string) => until(async () => (await node(uuid)).target_provision_state === null, 30_000);
  const available = async (extra: Record<string, unknown>) => {
    const created = await api.createNode(extra);
    for (const target of ['manage', 'provide']) {
      await api.request('PUT', `/v1/nodes/${created.uuid}/states/provision`, { body: { target } });
      await waitStable(created.uuid);
    }
    // Allocation takes only nodes whose power state is known (this harness runs no power sync).
    await api.request('PUT', `/v1/nodes/${created.uuid}/states/power`, { body: { target: 'power off' } });
    await until(async () => (await node(created.uuid)).power_state === 'power off', 30_000);
    return created;
  };
  const allocate = async (body: Record<string, unknown>) => {
    const reply = await api.request('POST', '/v1/allocations', { body });
    if (reply.statusCode !== 201) throw new Error(`allocation create: ${reply.statusCode} ${reply.body}`);
    return reply.json();
  };

  it('gives each of two concurrent allocations its own node, and a third none', async () => {
    const nodes = [await available({ resource_class: 'rc-pair' }), await available({ resource_class: 'rc-pair' })];
    const allocations = await Promise.all([allocate({ resource_class: 'rc-pair' }), allocate({ resource_class: 'rc-pair' })]);
    expect(allocations.map((a) => a.state)).toEqual(['allocating', 'allocating']);
    for (const a of allocations) await settled(a.uuid);
    const done = await Promise.all(allocations.map((a) => show(a.uuid)));
    expect(done.map((a) => [a.state, a.last_error])).toEqual([['active', null], ['active', null]]);
    expect(new Set(done.map((a) => a.node_uuid))).toEqual(new Set(nodes.map((n) => n.uuid)));
    for (const a of done) expect(await node(a.node_uuid)).toMatchObject({ instance_uuid: a.uuid, allocation_uuid: a.uuid });
    const third = await allocate({ resource_class: 'rc-pair' });
    await settled(third.uuid);
    expect(await show(third.uuid)).toMatchObject({ state: 'error', node_uuid: null, last_error: `Failed to process allocation ${third.uuid}: no available nodes match the resource class rc-pair.` });
  });

  it('honours traits and candidates, sets instance_info.traits (for deploy templates), and is released by undeploy', async () => {
    const [plain, fancy] = [await available({ resource_class: 'rc-traits', name: 'alloc-plain' }), await available({ resource_class: 'rc-traits', name: 'alloc-fancy' })];
    await api.request('PUT', `/v1/nodes/${fancy.uuid}/traits/CUSTOM_GPU`);
    const byTrait = await allocate({ resource_class: 'rc-traits', traits: ['CUSTOM_GPU'] });
    await settled(byTrait.uuid);
    expect((await show(byTrait.uuid)).node_uuid).toBe(fancy.uuid);
    expect((await node(fancy.uuid)).instance_info).toMatchObject({ traits: ['CUSTOM_GPU'] });
    const byCandidate = await allocate({ resource_class: 'rc-traits', candidate_nodes: ['alloc-plain'] });
    expect(byCandidate.candidate_nodes).toEqual([plain.uuid]);
    await settled(byCandidate.uuid);
    expect((await show(byCandidate.uuid)).node_uuid).toBe(plain.uuid);

    // An active node's allocation cannot be deleted; undeploying the node deletes it.
    await api.request('PATCH', `/v1/nodes/${plain.uuid}`, { body: [{ op: 'add', path: '/instance_info/image_source', value: 'http://img/x.raw' }] });
    expect((await api.request('PUT', `/v1/nodes/${plain.uuid}/states/provision`, { body: { target: 'active' } })).statusCode).toBe(202);
    await until(async () => (await node(plain.uuid)).provision_state === 'active', 30_000);
    const refused = await api.request('DELETE', `/v1/allocations/${byCandidate.uuid}`);
    expect([refused.statusCode, api.error(refused).faultstring]).toEqual([409, expect.stringMatching(/because the node is active/)]);
    await api.request('PUT', `/v1/nodes/${plain.uuid}/states/provision`, { body: { target: 'deleted' } });
    await until(async () => (await node(plain.uuid)).provision_state === 'available', 30_000);
    expect(await node(plain.uuid)).toMatchObject({ instance_uuid: null, allocation_uuid: null });
    expect((await api.request('GET', `/v1/allocations/${byCandidate.uuid}`)).statusCode).toBe(404);
  });

  it('backfills an active node (1.58), and refuses a node that does not fit, keeping the failed allocation', async () => {
    const target = await available({ resource_class: 'rc-backfill' });
    const wrong = await api.request('POST', '/v1/allocations', { body: { node: target.uuid, name: 'backfill-wrong' } });
    expect([wrong.statusCode, api.error(wrong).faultstring]).toEqual([400, expect.stringMatching(/Node must be in the "active" state/)]);
    expect(await show('backfill-wrong')).toMatchObject({ state: 'error', node_uuid: null });
    await api.request('PATCH', `/v1/nodes/${target.uuid}`, { body: [{ op: 'add', path: '/instance_info/image_source', value: 'http://img/x.raw' }] });
    await api.request('PUT', `/v1/nodes/${target.uuid}/states/provision`, { body: { target: 'active' } });
    await until(async () => (await node(target.uuid)).provision_state === 'active', 30_000);
    const backfilled = await allocate({ node: target.uuid });
    expect(backfilled).toMatchObject({ state: 'active', node_uuid: target.uuid, resource_class: 'rc-backfill' });
    expect((await api.request('GET', `/v1/nodes/${target.uuid}/allocation`)).json().uuid).toBe(backfilled.uuid);
    expect((await api.request('POST', '/v1/allocations', { body: { node: target.uuid }, version: '1.57' })).statusCode).toBe(400);
  });

  it('refuses bad requests and writes nothing', async () => {
    const count = async () => Number((await api.db.repos.dataSource.query('SELECT count(*) AS n FROM allocations'))[0].n);
    const before = await count();
    for (const [body, message] of [
      [{}, 'The resource_class field is mandatory when not backfilling'],
      [{ resource_class: 'x', name: 'bad name' }, "Cannot create allocation with invalid name 'bad name'"],
      [{ resource_class: 'x', candidate_nodes: ['no-such-node'] }, 'Nodes cannot be found: no-such-node'],
      [{ resource_class: 'x', traits: ['lower'] }, /^Schema error for allocation: 'lower' is not valid under any of the given schemas/],
    ] as const) {
      const reply = await api.request('POST', '/v1/allocations', { body });
      expect([reply.statusCode, api.error(reply).faultstring]).toEqual([400, typeof message === 'string' ? message : expect.stringMatching(message)]);
    }
    // No body at all (a fuzz find: it was a 500) is an empty request.
    const empty = await api.request('POST', '/v1/allocations');
    expect([empty.statusCode, api.error(empty).faultstring]).toEqual([400, 'The resource_class field is mandatory when not backfilling']);
    expect((await api.request('GET', '/v1/allocations', { version: '1.51' })).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('allocations orphaned by a dead conductor', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ env: { FERRUM_CHECK_ALLOCATIONS_INTERVAL_S: '0.5' } });
  });
  afterAll(() => api.close());

  it('are taken over and finished by a live conductor', async () => {
    const node = await api.createNode({ resource_class: 'rc-orphan' });
    for (const target of ['manage', 'provide']) {
      await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target } });
      await until(async () => (await api.request('GET', `/v1/nodes/${node.uuid}`)).json().target_provision_state === null, 30_000);
    }
    await api.request('PUT', `/v1/nodes/${node.uuid}/states/power`, { body: { target: 'power off' } });
    await until(async () => (await api.request('GET', `/v1/nodes/${node.uuid}`)).json().power_state === 'power off', 30_000);
    // What a conductor that died mid-allocation leaves behind: the row, still allocating, in its name.
    const uuid = '6f7c1c52-3d1e-4f0e-9a39-2f3b1f9d0a01';
    await api.db.repos.allocations.insert({ uuid, resource_class: 'rc-orphan', state: 'allocating', conductor_affinity: 'dead-conductor' });
    await until(async () => (await api.request('GET', `/v1/allocations/${uuid}`)).json().state !== 'allocating', 30_000);
    expect((await api.request('GET', `/v1/allocations/${uuid}`)).json()).toMatchObject({ state: 'active', node_uuid: node.uuid });
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).json().instance_uuid).toBe(uuid);
  });
});
