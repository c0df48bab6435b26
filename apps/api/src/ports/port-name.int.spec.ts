import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

/** API 1.88 (Ironic 23.1): a port's `name`, unique over all ports, and ports addressed by it. */
describe('port name (1.88)', () => {
  let api: ApiHarness;
  let node: { uuid: string };
  beforeAll(async () => {
    api = await startApiHarness();
    node = await api.createNode({ name: 'named-ports-node' });
  });
  afterAll(() => api.close());

  let mac = 0;
  const nextMac = () => `52:54:00:88:00:${(++mac).toString(16).padStart(2, '0')}`;
  const create = (body: Record<string, unknown>, version = '1.88') =>
    api.request('POST', '/v1/ports', { body: { address: nextMac(), node_uuid: node.uuid, ...body }, version });
  const get = (path: string, version = '1.88') => api.request('GET', path, { version });
  const patch = (ident: string, ops: unknown[], version = '1.88') => api.request('PATCH', `/v1/ports/${ident}`, { body: ops, version });

  it('creates a named port and shows the name from 1.88 only, in every view of the port', async () => {
    const reply = await create({ name: 'eth0' });
    expect(reply.statusCode).toBe(201);
    const port = reply.json();
    expect(port).toMatchObject({ uuid: expect.any(String), name: 'eth0', node_uuid: node.uuid });
    expect((await get(`/v1/ports/${port.uuid}`)).json().name).toBe('eth0');
    expect((await get(`/v1/ports/${port.uuid}`, '1.87')).json()).not.toHaveProperty('name');
    const listed = (version: string, path: string) =>
      get(path, version).then((r) => r.json().ports.find((p: { uuid: string }) => p.uuid === port.uuid));
    for (const path of ['/v1/ports/detail', `/v1/nodes/${node.uuid}/ports/detail`, '/v1/ports?detail=true']) {
      expect(await listed('1.88', path)).toMatchObject({ name: 'eth0' });
      expect(await listed('1.87', path)).not.toHaveProperty('name');
    }
    // The short list keeps Ironic's defaults (uuid, address).
    expect(await listed('1.88', '/v1/ports')).toEqual({ uuid: port.uuid, address: port.address, links: expect.any(Array) });
  });

  it('shows a port without a name as null, and a group member with its name under the group', async () => {
    const group = (await api.request('POST', '/v1/portgroups', { body: { node_uuid: node.uuid, name: 'bond-88' } })).json();
    const member = (await create({ name: 'bond-member', portgroup_uuid: group.uuid })).json();
    const unnamed = (await create({})).json();
    expect(unnamed.name).toBeNull();
    const ports = (await get(`/v1/portgroups/${group.uuid}/ports/detail`)).json().ports;
    expect(ports).toEqual([expect.objectContaining({ uuid: member.uuid, name: 'bond-member' })]);
  });

  it('answers ?fields=name from 1.88 and refuses it below with 406, as it refuses sorting by name', async () => {
    const port = (await create({ name: 'fields-name' })).json();
    expect((await get(`/v1/ports/${port.uuid}?fields=name`)).json()).toEqual({ name: 'fields-name', links: expect.any(Array) });
    const listed = (await get(`/v1/ports?node=${node.uuid}&fields=uuid,name`)).json().ports;
    expect(listed).toContainEqual({ uuid: port.uuid, name: 'fields-name', links: expect.any(Array) });
    for (const path of [`/v1/ports/${port.uuid}?fields=name`, '/v1/ports?fields=uuid,name', '/v1/ports?sort_key=name']) {
      const refused = await get(path, '1.87');
      expect([refused.statusCode, api.error(refused).faultstring]).toEqual([406, 'Request not acceptable.']);
    }
    const sorted = (await get(`/v1/ports/detail?node=${node.uuid}&sort_key=name&sort_dir=asc`)).json().ports.map((p: { name: string | null }) => p.name);
    const named = sorted.filter((n: string | null) => n !== null);
    expect(named).toEqual([...named].sort());
  });

  it('refuses a name on create below 1.88 with 406, even a null one', async () => {
    for (const name of ['too-early', null]) {
      const reply = await create({ name }, '1.87');
      expect([reply.statusCode, api.error(reply).faultstring]).toEqual([406, 'Request not acceptable.']);
    }
  });

  it("refuses a taken name with 409: Ironic's create names the new UUID, its update the name", async () => {
    const taken = (await create({ name: 'taken' })).json();
    const uuid = randomUUID();
    const dup = await create({ name: 'taken', uuid });
    expect([dup.statusCode, api.error(dup).faultstring]).toEqual([409, `A port with UUID ${uuid} already exists.`]);
    expect((await get(`/v1/ports/${uuid}`)).statusCode).toBe(404);
    // Names are unique over all ports, not per node.
    const elsewhere = await api.createNode();
    expect((await create({ name: 'taken', node_uuid: elsewhere.uuid })).statusCode).toBe(409);
    const other = (await create({ name: 'not-taken' })).json();
    const renamed = await patch(other.uuid, [{ op: 'replace', path: '/name', value: 'taken' }]);
    expect([renamed.statusCode, api.error(renamed).faultstring]).toEqual([409, 'A port with name taken already exists.']);
    expect((await get(`/v1/ports/taken`)).json().uuid).toBe(taken.uuid);
  });

  it('checks only that a name is a string: one the URL cannot address is stored all the same', async () => {
    const wrongType = await create({ name: 5 });
    expect([wrongType.statusCode, api.error(wrongType).faultstring]).toEqual([400, "Schema error for port: 5 is not of type 'string', 'null'"]);
    const spaced = await create({ name: 'my port' });
    expect([spaced.statusCode, spaced.json().name]).toEqual([201, 'my port']);
    const unaddressable = await get('/v1/ports/my%20port');
    expect([unaddressable.statusCode, api.error(unaddressable).faultstring]).toEqual([400, 'Expected UUID or name for port_ident: my port']);
    // Longer than its column: refused before anything is written (Ironic's database answers 500 here).
    const long = await create({ name: 'n'.repeat(256) });
    expect(long.statusCode).toBe(400);
    expect(api.error(long).faultstring).toMatch(/^Schema error for port: 'n+' is too long$/);
  });

  it('shows and patches a port by its name, at any version, but deletes only by UUID', async () => {
    const port = (await create({ name: 'by-name' })).json();
    expect((await get('/v1/ports/by-name')).json()).toMatchObject({ uuid: port.uuid, name: 'by-name' });
    // Ironic looks the port up by name whatever the version; below 1.88 it just hides the field.
    const old = await get('/v1/ports/by-name', '1.87');
    expect(old.json()).toMatchObject({ uuid: port.uuid });
    expect(old.json()).not.toHaveProperty('name');
    const missing = await get('/v1/ports/no-such-port');
    expect([missing.statusCode, api.error(missing).faultstring]).toEqual([404, 'Port no-such-port could not be found.']);

    const patched = await patch('by-name', [{ op: 'replace', path: '/name', value: 'renamed' }, { op: 'add', path: '/extra/a', value: 1 }]);
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ uuid: port.uuid, name: 'renamed', extra: { a: 1 } });
    expect((await get('/v1/ports/by-name')).statusCode).toBe(404);
    expect((await patch('renamed', [{ op: 'remove', path: '/name' }])).json().name).toBeNull();

    const byName = await api.request('DELETE', '/v1/ports/renamed', { version: '1.88' });
    expect([byName.statusCode, api.error(byName).faultstring]).toEqual([400, 'Expected UUID for port_uuid: renamed']);
    expect((await api.request('DELETE', `/v1/ports/${port.uuid}`, { version: '1.88' })).statusCode).toBe(204);
  });

  it('lets a PATCH below 1.88 set the name it does not show, as Ironic does (its version check skips name)', async () => {
    const port = (await create({})).json();
    const reply = await patch(port.uuid, [{ op: 'add', path: '/name', value: 'set-at-87' }], '1.87');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).not.toHaveProperty('name');
    expect((await get(`/v1/ports/${port.uuid}`)).json().name).toBe('set-at-87');
  });

  it('checks a port identifier below /nodes/{ident}/ports as a UUID or name before refusing with 403', async () => {
    (await create({ name: 'under-node' })).json();
    expect((await get(`/v1/nodes/${node.uuid}/ports/under-node`)).statusCode).toBe(403);
    const bad = await get(`/v1/nodes/${node.uuid}/ports/bad%20ident`);
    expect([bad.statusCode, api.error(bad).faultstring]).toEqual([400, 'Expected UUID or name for port_ident: bad ident']);
    const badPatch = await api.request('PATCH', `/v1/nodes/${node.uuid}/ports/bad%20ident`, { body: [], version: '1.88' });
    expect(api.error(badPatch).faultstring).toBe('Expected UUID or name for port_ident: bad ident');
  });
});

describe('port name where a release before 1.88 is served (pin_release_version)', () => {
  let pinned: ApiHarness;
  beforeAll(async () => {
    pinned = await startApiHarness({ env: { FERRUM_PIN_RELEASE_VERSION: '2023.1' } });
  });
  afterAll(() => pinned.close());

  it('takes only a UUID in the URL and does not list name as patchable, as Ironic 21.4 did', async () => {
    const node = await pinned.createNode();
    const port = (await pinned.request('POST', '/v1/ports', { body: { address: '52:54:00:88:01:01', node_uuid: node.uuid } })).json();
    const byName = await pinned.request('GET', '/v1/ports/eth0');
    expect([byName.statusCode, pinned.error(byName).faultstring]).toEqual([400, 'Expected UUID for port_uuid: eth0']);
    const named = await pinned.request('PATCH', `/v1/ports/${port.uuid}`, { body: [{ op: 'add', path: '/name', value: 'eth0' }] });
    expect(named.statusCode).toBe(400);
    expect(pinned.error(named).faultstring).toMatch(/^Cannot patch \/name\. Only the following can be updated: address, extra, /);
    expect(pinned.error(named).faultstring).not.toMatch(/, name$/);
  });
});
