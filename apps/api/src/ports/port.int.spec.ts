import { randomUUID } from 'node:crypto';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

describe('ports', () => {
  let api: ApiHarness;
  let node: { uuid: string };
  let other: { uuid: string };
  beforeAll(async () => {
    api = await startApiHarness();
    node = await api.createNode({ name: 'port-node' });
    other = await api.createNode({ name: 'other-node' });
  });
  afterAll(() => api.close());

  let mac = 0;
  const nextMac = () => `52:54:00:00:00:${(++mac).toString(16).padStart(2, '0')}`;
  const create = (body: Record<string, unknown>, version?: string) => api.request('POST', '/v1/ports', { body, version });

  it('creates a port with 201 and Location, storing the MAC lower-case', async () => {
    const reply = await create({ address: '52:54:00:AA:BB:CC', node_uuid: node.uuid, extra: { slot: 1 } });
    expect(reply.statusCode).toBe(201);
    const port = reply.json();
    expect(reply.headers.location).toBe(`${PUBLIC_URL}/v1/ports/${port.uuid}`);
    expect(port).toMatchObject({
      address: '52:54:00:aa:bb:cc',
      node_uuid: node.uuid,
      extra: { slot: 1 },
      pxe_enabled: true,
      local_link_connection: {},
      internal_info: {},
      physical_network: null,
      portgroup_uuid: null,
      is_smartnic: false,
      links: [
        { href: `${PUBLIC_URL}/v1/ports/${port.uuid}`, rel: 'self' },
        { href: `${PUBLIC_URL}/ports/${port.uuid}`, rel: 'bookmark' },
      ],
    });
  });

  it('refuses an invalid MAC, a missing node and unknown keys with 400', async () => {
    const bad = await create({ address: 'not-a-mac', node_uuid: node.uuid });
    expect(bad.statusCode).toBe(400);
    expect(api.error(bad).faultstring).toBe('Expected valid MAC address for address: not-a-mac');
    const missing = randomUUID();
    const noNode = await create({ address: nextMac(), node_uuid: missing });
    expect(noNode.statusCode).toBe(400);
    expect(api.error(noNode).faultstring).toBe(`Node ${missing} could not be found.`);
    // The schema names its node either way from 1.94 (Ironic 27.0): a oneOf, reported as jsonschema does.
    expect(api.error(await create({ address: nextMac() })).faultstring).toMatch(/^Schema error for port: \{'address': '[0-9a-f:]+'\} is not valid under any of the given schemas/);
    expect(api.error(await create({ address: nextMac(), node_uuid: node.uuid, vlan: 5 })).faultstring).toContain("('vlan' was unexpected)");
  });

  it('refuses a duplicate MAC with 409', async () => {
    const address = nextMac();
    await create({ address, node_uuid: node.uuid });
    expect((await create({ address, node_uuid: other.uuid })).statusCode).toBe(409);
  });

  it('refuses fields newer than the requested version with 406', async () => {
    expect((await create({ address: nextMac(), node_uuid: node.uuid, pxe_enabled: false }, '1.18')).statusCode).toBe(406);
    expect((await create({ address: nextMac(), node_uuid: node.uuid, physical_network: 'p' }, '1.33')).statusCode).toBe(406);
    expect((await create({ address: nextMac(), node_uuid: node.uuid, is_smartnic: false }, '1.52')).statusCode).toBe(406);
  });

  it('validates local_link_connection and normalises the switch MAC', async () => {
    const ok = await create({ address: nextMac(), node_uuid: node.uuid, local_link_connection: { switch_id: 'AA:BB:CC:DD:EE:FF', port_id: 'Eth1' } });
    expect(ok.json().local_link_connection).toEqual({ switch_id: 'aa:bb:cc:dd:ee:ff', port_id: 'Eth1' });
    expect((await create({ address: nextMac(), node_uuid: node.uuid, local_link_connection: { port_id: 'Eth1' } })).statusCode).toBe(400);
    expect((await create({ address: nextMac(), node_uuid: node.uuid, local_link_connection: { switch_id: 'x', port_id: 'p' } })).statusCode).toBe(400);
    const smartnic = await create({ address: nextMac(), node_uuid: node.uuid, is_smartnic: true, local_link_connection: { switch_id: '00:11:22:33:44:55', port_id: 'p' } });
    expect(api.error(smartnic).faultstring).toBe('Smart NIC port must have port_id and hostname in local_link_connection');
  });

  it('shows a port by UUID, hiding fields newer than the version', async () => {
    const port = (await create({ address: nextMac(), node_uuid: node.uuid })).json();
    const old = (await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.1' })).json();
    expect(Object.keys(old).sort()).toEqual(['address', 'created_at', 'extra', 'links', 'node_uuid', 'updated_at', 'uuid']);
    expect((await api.request('GET', `/v1/ports/${port.uuid}?fields=address`)).json()).toEqual({ address: port.address, links: expect.any(Array) });
    // Since Ironic 23.1 (1.88) the identifier may be a name, whatever the version asked for.
    const bad = await api.request('GET', '/v1/ports/not%20a%20uuid');
    expect(bad.statusCode).toBe(400);
    expect(api.error(bad)).toMatchObject({ faultcode: 'Client', faultstring: 'Expected UUID or name for port_ident: not a uuid' });
    expect((await api.request('GET', `/v1/ports/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('lists ports by address, by node, and under /nodes/{ident}/ports', async () => {
    const address = nextMac();
    const port = (await create({ address, node_uuid: other.uuid })).json();
    expect((await api.request('GET', `/v1/ports?address=${address.toUpperCase()}`)).json().ports).toEqual([
      { uuid: port.uuid, address, links: expect.any(Array) },
    ]);
    const byNode = (await api.request('GET', '/v1/ports?node=other-node')).json().ports.map((p: { uuid: string }) => p.uuid);
    expect(byNode).toContain(port.uuid);
    const scoped = (await api.request('GET', '/v1/nodes/other-node/ports/detail')).json().ports;
    expect(scoped.every((p: { node_uuid: string }) => p.node_uuid === other.uuid)).toBe(true);
    expect(scoped[0]).toHaveProperty('extra');
    expect((await api.request('GET', `/v1/ports?node_uuid=${other.uuid}`)).json().ports.length).toBe(byNode.length);
    expect((await api.request('GET', '/v1/nodes/nobody/ports')).statusCode).toBe(404);
  });

  it('refuses combining node and portgroup filters with 403', async () => {
    const reply = await api.request('GET', `/v1/ports?node=${node.uuid}&portgroup=pg1`);
    expect(reply.statusCode).toBe(403);
  });

  it('refuses writes under /nodes/{ident}/ports with 403', async () => {
    const port = (await create({ address: nextMac(), node_uuid: node.uuid })).json();
    expect((await api.request('POST', `/v1/nodes/${node.uuid}/ports`, { body: { node_uuid: node.uuid, address: nextMac() } })).statusCode).toBe(403);
    // The body is checked first, as in Ironic.
    expect(api.error(await api.request('POST', `/v1/nodes/${node.uuid}/ports`, { body: { address: nextMac() } })).faultstring).toMatch(
      /^Schema error for port: \{'address': '[0-9a-f:]+'\} is not valid under any of the given schemas/,
    );
    expect((await api.request('PATCH', `/v1/nodes/${node.uuid}/ports/${port.uuid}`, { body: [] })).statusCode).toBe(403);
    expect((await api.request('DELETE', `/v1/nodes/${node.uuid}/ports/${port.uuid}`)).statusCode).toBe(403);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/ports/${port.uuid}`)).statusCode).toBe(403);
  });

  it('pages ports with a next link', async () => {
    const body = (await api.request('GET', `/v1/ports?limit=1&node=${node.uuid}`)).json();
    expect(body.ports).toHaveLength(1);
    expect(body.next).toBe(`${PUBLIC_URL}/v1/ports?node=${node.uuid}&sort_key=id&sort_dir=asc&fields=uuid,address&limit=1&marker=${body.ports[0].uuid}`);
    expect(api.error(await api.request('GET', '/v1/ports?sort_key=extra')).faultstring).toBe('The sort_key value extra is an invalid field for sorting');
  });

  it('patches a port, moving it to another node, and answers the updated port', async () => {
    const port = (await create({ address: nextMac(), node_uuid: node.uuid })).json();
    const reply = await api.request('PATCH', `/v1/ports/${port.uuid}`, {
      body: [
        { op: 'replace', path: '/node_uuid', value: other.uuid },
        { op: 'add', path: '/extra/slot', value: 2 },
        { op: 'replace', path: '/pxe_enabled', value: 'false' },
      ],
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ node_uuid: other.uuid, extra: { slot: 2 }, pxe_enabled: false });
  });

  it('refuses port patches to unknown nodes, bad MACs, removed addresses and fields outside the list', async () => {
    const port = (await create({ address: nextMac(), node_uuid: node.uuid })).json();
    const patch = (ops: unknown) => api.request('PATCH', `/v1/ports/${port.uuid}`, { body: ops });
    expect((await patch([{ op: 'replace', path: '/node_uuid', value: randomUUID() }])).statusCode).toBe(400);
    expect((await patch([{ op: 'replace', path: '/address', value: 'zz' }])).statusCode).toBe(400);
    expect(api.error(await patch([{ op: 'remove', path: '/address' }])).faultstring).toBe("Schema error for patch: 'address' is a required property");
    expect(api.error(await patch([{ op: 'replace', path: '/internal_info', value: {} }])).faultstring).toMatch(/^Cannot patch \/internal_info/);
    expect((await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: [{ op: 'replace', path: '/pxe_enabled', value: false }], version: '1.18' })).statusCode).toBe(406);
  });

  it('refuses to change a port while its node is inspecting, and while the node is locked', async () => {
    const owner = await api.createNode();
    const port = (await create({ address: nextMac(), node_uuid: owner.uuid })).json();
    const ops = [{ op: 'add', path: '/extra/x', value: 1 }];
    await api.lockNode(owner.uuid);
    expect((await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: ops })).statusCode).toBe(409);
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'inspecting', reservation = NULL WHERE uuid = $1`, [owner.uuid]);
    expect((await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: ops })).statusCode).toBe(409);
  });

  it("refuses connectivity changes outside the set-up states, and a new MAC on an active node, in Ironic's words", async () => {
    const owner = await api.createNode();
    const port = (await create({ address: nextMac(), node_uuid: owner.uuid })).json();
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'available' WHERE uuid = $1`, [owner.uuid]);
    const connectivity = await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: [{ op: 'replace', path: '/pxe_enabled', value: false }] });
    expect([connectivity.statusCode, api.error(connectivity).faultstring]).toEqual([
      409,
      `Port ${port.uuid} can not have any connectivity attributes (pxe_enabled, local_link_connection, portgroup_id, physical_network) updated unless node ${owner.uuid} is in a enroll, inspecting, inspect wait, manageable state or in maintenance mode. The current state is available.`,
    ]);
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'active' WHERE uuid = $1`, [owner.uuid]);
    const address = await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: [{ op: 'replace', path: '/address', value: nextMac() }] });
    expect([address.statusCode, api.error(address).faultstring]).toEqual([409, `Cannot update hardware address for port ${port.uuid} as node ${owner.uuid} is active or has instance UUID assigned`]);
    // In maintenance both go through, as in Ironic.
    await api.db.repos.dataSource.query(`UPDATE nodes SET maintenance = true WHERE uuid = $1`, [owner.uuid]);
    expect((await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: [{ op: 'replace', path: '/pxe_enabled', value: false }] })).statusCode).toBe(200);
  });

  it('deletes a port with 204 and no body', async () => {
    const port = (await create({ address: nextMac(), node_uuid: node.uuid })).json();
    const reply = await api.request('DELETE', `/v1/ports/${port.uuid}`);
    expect(reply.statusCode).toBe(204);
    expect(reply.headers['content-type']).toBeUndefined();
    expect((await api.request('GET', `/v1/ports/${port.uuid}`)).statusCode).toBe(404);
  });
});
