import { randomUUID } from 'node:crypto';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

/** Child nodes (1.83): parent_node on create/PATCH/show, /nodes/{n}/children, and what node lists show. */
describe('child nodes (1.83)', () => {
  let api: ApiHarness;
  let parent: { uuid: string; name: string };
  let child: { uuid: string; parent_node: string };
  beforeAll(async () => {
    api = await startApiHarness();
    parent = await api.createNode({ name: 'din' });
    const reply = await create({ driver: 'fake-hardware', name: 'grogu', parent_node: parent.uuid });
    expect(reply.statusCode).toBe(201);
    child = reply.json();
  });
  afterAll(() => api.close());

  const V83 = '1.83';
  const create = (body: Record<string, unknown>, version = V83) => api.request('POST', '/v1/nodes', { body, version });
  const get = (url: string, version = V83) => api.request('GET', url, { version });
  const patch = (ident: string, ops: unknown, version = V83) => api.request('PATCH', `/v1/nodes/${ident}`, { body: ops, version });
  const listed = async (url: string, version = V83): Promise<string[]> => {
    const reply = await get(url, version);
    expect(reply.statusCode).toBe(200);
    return reply.json().nodes.map((n: { uuid: string }) => n.uuid);
  };
  const refusal = (value: string) => `Unable to apply the requested parent_node '${value}'. Requested value was invalid.`;

  describe('the parent_node field', () => {
    it('is shown from 1.83 and absent below', async () => {
      expect(child.parent_node).toBe(parent.uuid);
      expect((await get(`/v1/nodes/${child.uuid}`)).json().parent_node).toBe(parent.uuid);
      expect((await get(`/v1/nodes/${parent.uuid}`)).json().parent_node).toBeNull();
      expect((await get(`/v1/nodes/${child.uuid}`, '1.82')).json()).not.toHaveProperty('parent_node');
      expect((await get(`/v1/nodes/${child.uuid}?fields=uuid,parent_node`)).json()).toEqual({ uuid: child.uuid, parent_node: parent.uuid, links: expect.any(Array) });
      expect((await get(`/v1/nodes/${child.uuid}?fields=parent_node`, '1.82')).statusCode).toBe(406);
    });

    it('is set on create by name too, and the parent UUID is what is stored', async () => {
      const reply = await create({ driver: 'fake-hardware', parent_node: 'din' });
      expect(reply.statusCode).toBe(201);
      expect(reply.json().parent_node).toBe(parent.uuid);
      expect((await api.db.repos.nodes.findByUuid(reply.json().uuid))!.parent_node).toBe(parent.uuid);
    });

    it('is refused on create below 1.83 as an unknown field (406), null tolerated', async () => {
      const old = await create({ driver: 'fake-hardware', parent_node: parent.uuid }, '1.82');
      expect(old.statusCode).toBe(406);
      expect(api.error(old).faultstring).toBe('Request not acceptable.');
      expect((await create({ driver: 'fake-hardware', parent_node: null }, '1.82')).statusCode).toBe(201);
    });

    it('refuses a parent that does not exist, by UUID or name, with one 400 that does not say why', async () => {
      for (const value of ['nobody', randomUUID()]) {
        const reply = await create({ driver: 'fake-hardware', parent_node: value });
        expect(reply.statusCode).toBe(400);
        expect(api.error(reply)).toMatchObject({ faultcode: 'Client', faultstring: refusal(value) });
      }
    });

    it('refuses a parent with another owner than the child', async () => {
      const owned = await api.createNode({ owner: 'project-a' });
      const reply = await create({ driver: 'fake-hardware', parent_node: owned.uuid });
      expect(reply.statusCode).toBe(400);
      expect(api.error(reply).faultstring).toBe(refusal(owned.uuid));
      expect((await create({ driver: 'fake-hardware', owner: 'project-a', parent_node: owned.uuid })).statusCode).toBe(201);
    });

    it('refuses a value over 36 characters as the schema does', async () => {
      const reply = await create({ driver: 'fake-hardware', parent_node: 'x'.repeat(37) });
      expect(reply.statusCode).toBe(400);
      expect(api.error(reply).faultstring).toMatch(/^Schema error for node: 'x+' is too long$/);
    });
  });

  describe('PATCH', () => {
    it('adds a parent by name (storing its UUID) and removes it', async () => {
      const node = await api.createNode();
      const added = await patch(node.uuid, [{ op: 'add', path: '/parent_node', value: 'din' }]);
      expect(added.statusCode).toBe(200);
      expect(added.json().parent_node).toBe(parent.uuid);
      expect((await api.db.repos.nodes.findByUuid(node.uuid))!.parent_node).toBe(parent.uuid);
      const removed = await patch(node.uuid, [{ op: 'remove', path: '/parent_node' }]);
      expect(removed.statusCode).toBe(200);
      expect(removed.json().parent_node).toBeNull();
    });

    it('refuses an unknown parent with 400, and setting one below 1.83 with 406', async () => {
      const node = await api.createNode();
      const unknown = await patch(node.uuid, [{ op: 'replace', path: '/parent_node', value: 'nobody' }]);
      expect(unknown.statusCode).toBe(400);
      expect(api.error(unknown).faultstring).toBe(refusal('nobody'));
      const nulled = await patch(node.uuid, [{ op: 'add', path: '/parent_node', value: null }]);
      expect(nulled.statusCode).toBe(400);
      expect(api.error(nulled).faultstring).toBe(refusal('None'));
      expect((await patch(node.uuid, [{ op: 'add', path: '/parent_node', value: parent.uuid }], '1.82')).statusCode).toBe(406);
      expect((await api.db.repos.nodes.findByUuid(node.uuid))!.parent_node).toBeNull();
    });
  });

  describe('GET /v1/nodes/{ident}/children', () => {
    it('lists the UUIDs of the children, with one link to them as nodes', async () => {
      const second = (await create({ driver: 'fake-hardware', parent_node: parent.uuid })).json();
      const reply = await get(`/v1/nodes/din/children`);
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual({
        children: expect.arrayContaining([child.uuid, second.uuid]),
        links: { href: `${PUBLIC_URL}/v1/nodes?parent_node=${parent.uuid}`, rel: 'children' },
      });
      expect((await get(`/v1/nodes/${child.uuid}/children`)).json().children).toEqual([]);
    });

    it('answers 404 for an unknown node, and takes no arguments', async () => {
      const missing = await get(`/v1/nodes/${randomUUID()}/children`);
      expect(missing.statusCode).toBe(404);
      expect(api.error(missing).faultstring).toMatch(/^Node .* could not be found\.$/);
      const detail = await get(`/v1/nodes/${parent.uuid}/children?detail=True`);
      expect(detail.statusCode).toBe(400);
      expect(api.error(detail).faultstring).toBe('Unexpected arguments: detail');
    });

    it('is not there below 1.83: a bare router 404', async () => {
      const old = await get(`/v1/nodes/${parent.uuid}/children`, '1.82');
      expect(old.statusCode).toBe(404);
      expect(old.headers['openstack-request-id']).toBeUndefined();
    });
  });

  describe('node lists', () => {
    it('hide children by default, at any version, in /nodes and /nodes/detail', async () => {
      for (const version of [V83, '1.82', '1.1']) {
        const nodes = await listed('/v1/nodes', version);
        expect(nodes).toContain(parent.uuid);
        expect(nodes).not.toContain(child.uuid);
        expect(await listed('/v1/nodes/detail', version)).not.toContain(child.uuid);
      }
    });

    it('show children with include_children, ignoring parent_node then', async () => {
      expect(await listed('/v1/nodes?include_children=True')).toEqual(expect.arrayContaining([parent.uuid, child.uuid]));
      expect(await listed(`/v1/nodes?include_children=True&parent_node=${randomUUID()}`)).toEqual(expect.arrayContaining([parent.uuid, child.uuid]));
      expect(await listed('/v1/nodes?include_children=False')).not.toContain(child.uuid);
      expect(await listed('/v1/nodes/detail?include_children=True')).toContain(child.uuid);
    });

    it('filter by parent_node: the UUID it stores, so a name matches nothing', async () => {
      const children = await listed(`/v1/nodes?parent_node=${parent.uuid}&fields=uuid,parent_node`);
      expect(children).toContain(child.uuid);
      expect(children).not.toContain(parent.uuid);
      expect(await listed('/v1/nodes?parent_node=din')).toEqual([]);
      expect(await listed(`/v1/nodes/detail?parent_node=${parent.uuid}`)).toContain(child.uuid);
    });

    it('refuse the child arguments below 1.83 with 406 naming the version', async () => {
      for (const query of ['include_children=True', `parent_node=${parent.uuid}`]) {
        const reply = await get(`/v1/nodes?${query}`, '1.82');
        expect(reply.statusCode).toBe(406);
        expect(api.error(reply).faultstring).toBe('Request not acceptable. The minimal required API version should be 1.83');
      }
      const bad = await get('/v1/nodes?include_children=maybe');
      expect(bad.statusCode).toBe(400);
    });

    it('on /detail take them raw at any version, as Ironic: any non-empty include_children shows children', async () => {
      expect(await listed('/v1/nodes/detail?include_children=False', '1.82')).toContain(child.uuid);
      expect(await listed(`/v1/nodes/detail?parent_node=${parent.uuid}`, '1.1')).toContain(child.uuid);
    });
  });

  it('deleting a parent leaves its children pointing at it, still hidden from default lists', async () => {
    const host = await api.createNode();
    const orphan = (await create({ driver: 'fake-hardware', parent_node: host.uuid })).json();
    expect((await api.request('DELETE', `/v1/nodes/${host.uuid}`, { version: V83 })).statusCode).toBe(204);
    expect((await get(`/v1/nodes/${orphan.uuid}`)).json().parent_node).toBe(host.uuid);
    expect(await listed('/v1/nodes')).not.toContain(orphan.uuid);
    expect(await listed(`/v1/nodes?parent_node=${host.uuid}`)).toEqual([orphan.uuid]);
  });
});
