import { ApiHarness, startApiHarness } from '../testing/api-harness';

/** API 1.86: the node's firmware_interface and GET /v1/nodes/{n}/firmware, on fake hardware. */
describe('node firmware (1.86)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it('shows firmware_interface from 1.86 only, defaulting to the hardware type first enabled one, and takes it on create and PATCH', async () => {
    const node = await api.createNode();
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.85' })).json()).not.toHaveProperty('firmware_interface');
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.86' })).json().firmware_interface).toBe('fake');
    const patched = await api.request('PATCH', `/v1/nodes/${node.uuid}`, { version: '1.86', body: [{ op: 'replace', path: '/firmware_interface', value: 'no-firmware' }] });
    expect([patched.statusCode, patched.json().firmware_interface]).toEqual([200, 'no-firmware']);
    const early = await api.request('PATCH', `/v1/nodes/${node.uuid}`, { version: '1.85', body: [{ op: 'replace', path: '/firmware_interface', value: 'fake' }] });
    expect(early.statusCode).toBe(406);
    const created = await api.request('POST', '/v1/nodes', { version: '1.86', body: { driver: 'fake-hardware', firmware_interface: 'no-firmware' } });
    expect([created.statusCode, created.json().firmware_interface]).toEqual([201, 'no-firmware']);
    expect((await api.request('POST', '/v1/nodes', { version: '1.85', body: { driver: 'fake-hardware', firmware_interface: 'fake' } })).statusCode).toBe(406);
    const unknown = await api.request('POST', '/v1/nodes', { version: '1.86', body: { driver: 'fake-hardware', firmware_interface: 'bogus' } });
    expect(unknown.statusCode).toBe(400);
  });

  it('lists the default and enabled firmware interfaces of a driver from 1.86', async () => {
    const at = async (version: string) => (await api.request('GET', '/v1/drivers/fake-hardware', { version })).json();
    expect(await at('1.85')).not.toHaveProperty('default_firmware_interface');
    const detail = await at('1.86');
    expect(detail.default_firmware_interface).toBe('fake');
    expect([...detail.enabled_firmware_interfaces].sort()).toEqual(['fake', 'no-firmware']);
  });

  it('serves GET firmware from 1.86 (the fake interface reports no component), with its arguments checked as Ironic does', async () => {
    const node = await api.createNode();
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/firmware`, { version: '1.85' })).statusCode).toBe(404);
    const reply = await api.request('GET', `/v1/nodes/${node.uuid}/firmware`, { version: '1.86' });
    expect([reply.statusCode, reply.json()]).toEqual([200, { firmware: [] }]);
    const both = await api.request('GET', `/v1/nodes/${node.uuid}/firmware?detail=true&fields=component`, { version: '1.86' });
    expect([both.statusCode, api.error(both).faultstring]).toEqual([400, 'Can not specify ?detail=True and fields in the same request.']);
    const bad = await api.request('GET', `/v1/nodes/${node.uuid}/firmware?fields=nope`, { version: '1.86' });
    expect([bad.statusCode, api.error(bad).faultstring]).toEqual([400, 'Field(s) "nope" are not valid']);
    const extra = await api.request('GET', `/v1/nodes/${node.uuid}/firmware?limit=1`, { version: '1.86' });
    expect(extra.statusCode).toBe(400);
    expect((await api.request('GET', '/v1/nodes/no-such-node/firmware', { version: '1.86' })).statusCode).toBe(404);
  });

  it('shows cached components with the fields asked for (the timestamps always)', async () => {
    const node = await api.createNode();
    const { id } = await api.db.repos.nodes.getByIdent(node.uuid);
    await api.db.repos.firmware.sync(id, [{ component: 'bios', current_version: '1.0' }]);
    const fields = await api.request('GET', `/v1/nodes/${node.uuid}/firmware?fields=component,current_version`, { version: '1.86' });
    expect(fields.json().firmware).toEqual([{ created_at: expect.any(String), updated_at: null, component: 'bios', current_version: '1.0' }]);
    // Ironic's ?detail=True asks for no field list: only the timestamps remain.
    const detail = await api.request('GET', `/v1/nodes/${node.uuid}/firmware?detail=True`, { version: '1.86' });
    expect(detail.json().firmware).toEqual([{ created_at: expect.any(String), updated_at: null }]);

    // A later reading with another version: Ironic keeps the first as initial and records the new one as flashed.
    await api.db.repos.firmware.sync(id, [{ component: 'bios', current_version: '1.1' }, { component: 'bmc', current_version: '7' }]);
    const after = (await api.request('GET', `/v1/nodes/${node.uuid}/firmware`, { version: '1.86' })).json().firmware;
    expect(after.map((c: Record<string, unknown>) => [c.component, c.initial_version, c.current_version, c.last_version_flashed, c.updated_at !== null])).toEqual([
      ['bios', '1.0', '1.1', '1.1', true],
      ['bmc', '7', '7', null, false],
    ]);
  });
});
