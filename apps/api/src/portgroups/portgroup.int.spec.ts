import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('port groups', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  let macs = 0;
  const mac = () => `52:54:00:77:00:${(++macs).toString(16).padStart(2, '0')}`;
  const createGroup = async (body: Record<string, unknown>) => {
    const reply = await api.request('POST', '/v1/portgroups', { body });
    if (reply.statusCode !== 201) throw new Error(`portgroup create: ${reply.statusCode} ${reply.body}`);
    return reply.json();
  };
  const count = async () => Number((await api.db.repos.dataSource.query('SELECT count(*) AS n FROM portgroups'))[0].n);

  it('creates a group with Ironic defaults, shows it by uuid and name, lists it under its node', async () => {
    const node = await api.createNode({ name: 'pg-node-1' });
    const created = await api.request('POST', '/v1/portgroups', { body: { node_uuid: node.uuid, name: 'bond0', address: '52:54:00:77:AA:01' } });
    expect(created.statusCode).toBe(201);
    const group = created.json();
    expect(created.headers.location).toMatch(new RegExp(`/v1/portgroups/${group.uuid}$`));
    expect(group).toMatchObject({
      name: 'bond0', address: '52:54:00:77:aa:01', node_uuid: node.uuid, mode: 'active-backup', properties: {}, extra: {}, internal_info: {},
      standalone_ports_supported: true, updated_at: null,
    });
    expect(group.ports[0].href).toMatch(new RegExp(`/v1/portgroups/${group.uuid}/ports$`));
    expect((await api.request('GET', '/v1/portgroups/bond0')).json().uuid).toBe(group.uuid);
    expect((await api.request('GET', '/v1/nodes/pg-node-1/portgroups')).json().portgroups).toEqual([
      { uuid: group.uuid, address: '52:54:00:77:aa:01', name: 'bond0', links: expect.any(Array) },
    ]);
    expect((await api.request('GET', '/v1/portgroups?address=52:54:00:77:aa:01')).json().portgroups.map((g: { uuid: string }) => g.uuid)).toEqual([group.uuid]);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const node = await api.createNode();
    await createGroup({ node_uuid: node.uuid, name: 'taken', address: '52:54:00:77:bb:01' });
    const before = await count();
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ node_uuid: node.uuid, name: 'taken' }, 409, /^A portgroup with name taken already exists\.$/],
      [{ node_uuid: node.uuid, address: '52:54:00:77:BB:01' }, 409, /^A portgroup with MAC address 52:54:00:77:bb:01 already exists\.$/],
      [{ node_uuid: node.uuid, name: 'bad name' }, 400, /^Cannot create portgroup with invalid name 'bad name'$/],
      [{ node_uuid: node.uuid, address: 'zz' }, 400, /MAC address/],
      [{ node_uuid: randomUUID() }, 400, /^Node .* could not be found\.$/],
      [{ name: 'no-node' }, 400, /'node_uuid' is a required property/],
      [{ node_uuid: node.uuid, colour: 'red' }, 400, /Additional properties are not allowed/],
      [{ node_uuid: node.uuid, standalone_ports_supported: 'maybe' }, 400, /standalone_ports_supported/],
    ];
    for (const [body, status, message] of cases) {
      const reply = await api.request('POST', '/v1/portgroups', { body });
      expect([reply.statusCode, api.error(reply).faultstring]).toEqual([status, expect.stringMatching(message)]);
    }
    expect((await api.request('POST', '/v1/portgroups', { version: '1.25', body: { node_uuid: node.uuid, mode: 'balance-rr' } })).statusCode).toBe(406);
    expect((await api.request('POST', '/v1/portgroups', { version: '1.22', body: { node_uuid: node.uuid } })).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('takes member ports of its node only, keeps a group with members, and deletes the rest with the node', async () => {
    const [a, b] = [await api.createNode(), await api.createNode()];
    const group = await createGroup({ node_uuid: a.uuid, standalone_ports_supported: false });
    const port = await api.request('POST', '/v1/ports', { body: { node_uuid: a.uuid, address: mac(), portgroup_uuid: group.uuid, pxe_enabled: false } });
    expect(port.statusCode).toBe(201);
    expect(port.json().portgroup_uuid).toBe(group.uuid);
    const pxe = await api.request('POST', '/v1/ports', { body: { node_uuid: a.uuid, address: mac(), portgroup_uuid: group.uuid, pxe_enabled: true } });
    expect([pxe.statusCode, api.error(pxe).faultstring]).toEqual([409, expect.stringMatching(/doesn't support standalone ports/)]);
    const other = await api.request('POST', '/v1/ports', { body: { node_uuid: b.uuid, address: mac(), portgroup_uuid: group.uuid } });
    expect([other.statusCode, api.error(other).faultstring]).toEqual([400, 'Port can not be added to a portgroup belonging to a different node.']);
    const moved = await api.request('PATCH', `/v1/ports/${port.json().uuid}`, { body: [{ op: 'replace', path: '/node_uuid', value: b.uuid }] });
    expect(moved.statusCode).toBe(400);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}/ports`)).json().ports.map((p: { uuid: string }) => p.uuid)).toEqual([port.json().uuid]);
    expect((await api.request('GET', `/v1/ports?portgroup=${group.uuid}`)).json().ports).toHaveLength(1);

    const full = await api.request('DELETE', `/v1/portgroups/${group.uuid}`);
    expect([full.statusCode, api.error(full).faultstring]).toEqual([400, expect.stringMatching(/contains ports\.$/)]);
    const move = await api.request('PATCH', `/v1/portgroups/${group.uuid}`, { body: [{ op: 'replace', path: '/node_uuid', value: b.uuid }] });
    expect([move.statusCode, api.error(move).faultstring]).toEqual([400, expect.stringMatching(/because there are ports associated with this portgroup\.$/)]);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}`)).json().node_uuid).toBe(a.uuid);

    expect((await api.request('DELETE', `/v1/nodes/${a.uuid}`)).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}`)).statusCode).toBe(404);
  });

  it('moves an empty group only to a node being set up, under that node\'s lock', async () => {
    const [a, b] = [await api.createNode(), await api.createNode()];
    const group = await createGroup({ node_uuid: a.uuid });
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'active' WHERE uuid = $1`, [b.uuid]);
    const active = await api.request('PATCH', `/v1/portgroups/${group.uuid}`, { body: [{ op: 'replace', path: '/node_uuid', value: b.uuid }] });
    expect([active.statusCode, api.error(active).faultstring]).toEqual([409, expect.stringMatching(/can not be associated to node .* unless the node is in a enroll, inspecting, inspect wait, manageable state/)]);
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'manageable' WHERE uuid = $1`, [b.uuid]);
    await api.lockNode(b.uuid);
    expect((await api.request('PATCH', `/v1/portgroups/${group.uuid}`, { body: [{ op: 'replace', path: '/node_uuid', value: b.uuid }] })).statusCode).toBe(409);
    await api.db.repos.reservations.release(b.uuid, (await api.db.repos.nodes.getByIdent(b.uuid)).reservation!);
    const moved = await api.request('PATCH', `/v1/portgroups/${group.uuid}`, { body: [{ op: 'replace', path: '/node_uuid', value: b.uuid }, { op: 'replace', path: '/mode', value: '802.3ad' }] });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ node_uuid: b.uuid, mode: '802.3ad' });
    expect(moved.json().updated_at).not.toBeNull();
  });

  it("refuses patches Ironic refuses and writes nothing for them", async () => {
    const node = await api.createNode();
    const group = await createGroup({ node_uuid: node.uuid, name: 'patch-me' });
    await createGroup({ node_uuid: node.uuid, name: 'other-name' });
    const patch = (ops: unknown[], version?: string) => api.request('PATCH', '/v1/portgroups/patch-me', { body: ops, ...(version && { version }) });
    expect(api.error(await patch([{ op: 'remove', path: '/mode' }])).faultstring).toBe("'mode' is a mandatory attribute and can not be removed");
    expect(api.error(await patch([{ op: 'replace', path: '/name', value: 'bad name' }])).faultstring).toBe("Portgroup patch-me: Cannot change name to invalid name 'bad name'");
    expect((await patch([{ op: 'replace', path: '/name', value: 'other-name' }])).statusCode).toBe(409);
    expect((await patch([{ op: 'replace', path: '/uuid', value: randomUUID() }])).statusCode).toBe(400);
    expect((await patch([{ op: 'replace', path: '/mode', value: 'x' }], '1.25')).statusCode).toBe(406);
    expect((await patch([{ op: 'replace', path: '/node_uuid', value: randomUUID() }])).statusCode).toBe(400);
    await api.lockNode(node.uuid);
    expect((await patch([{ op: 'add', path: '/extra/a', value: 1 }])).statusCode).toBe(409);
    expect((await api.request('DELETE', '/v1/portgroups/patch-me')).statusCode).toBe(409);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}`)).json()).toMatchObject({ name: 'patch-me', mode: 'active-backup', extra: {} });
  });

  it('answers the versions and the node view as Ironic routes them', async () => {
    const node = await api.createNode({ name: 'pg-node-v' });
    const group = await createGroup({ node_uuid: node.uuid });
    expect((await api.request('GET', '/v1/portgroups', { version: '1.22' })).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}`, { version: '1.22' })).statusCode).toBe(404);
    expect((await api.request('GET', '/v1/nodes/pg-node-v/portgroups', { version: '1.23' })).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}?fields=mode`, { version: '1.25' })).statusCode).toBe(406);
    expect((await api.request('GET', `/v1/nodes/pg-node-v/portgroups/${group.uuid}`)).statusCode).toBe(403);
    expect((await api.request('DELETE', `/v1/nodes/pg-node-v/portgroups/${group.uuid}`)).statusCode).toBe(403);
    expect((await api.request('GET', '/v1/portgroups/bad%20name')).statusCode).toBe(400);
    expect((await api.request('GET', '/v1', { version: '1.23' })).json()).toHaveProperty('portgroups');
    expect((await api.request('GET', '/v1', { version: '1.22' })).json()).not.toHaveProperty('portgroups');
  });
});
