import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

describe('node BIOS settings', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const settled = (uuid: string) => until(async () => (await api.request('GET', `/v1/nodes/${uuid}`)).json().target_provision_state === null, 30_000);
  const clean = async (uuid: string, steps: unknown[]) => {
    expect((await api.request('PUT', `/v1/nodes/${uuid}/states/provision`, { body: { target: 'clean', clean_steps: steps } })).statusCode).toBe(202);
    await settled(uuid);
    return (await api.request('GET', `/v1/nodes/${uuid}`)).json();
  };

  it('keeps what the fake BIOS applies, shows it with registry fields from 1.74, and drops it on factory reset', async () => {
    const node = await api.createNode({ name: 'bios-1', bios_interface: 'fake' });
    await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target: 'manage' } });
    await settled(node.uuid);
    const applied = await clean(node.uuid, [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcVirtualization', value: 'Enabled' }, { name: 'BootMode', value: 'Uefi' }] } }]);
    expect(applied).toMatchObject({ provision_state: 'manageable', last_error: null });
    const list = (await api.request('GET', '/v1/nodes/bios-1/bios')).json().bios;
    expect(list.map((s: { name: string; value: string }) => [s.name, s.value])).toEqual([['BootMode', 'Uefi'], ['ProcVirtualization', 'Enabled']]);
    expect(list[0].links[0].href).toMatch(/\/v1\/nodes\/bios-1\/bios\/BootMode$/);
    const one = (await api.request('GET', '/v1/nodes/bios-1/bios/BootMode')).json();
    expect(one.BootMode).toMatchObject({ name: 'BootMode', value: 'Uefi', allowable_values: [], read_only: null });
    expect((await api.request('GET', '/v1/nodes/bios-1/bios/BootMode', { version: '1.73' })).json().BootMode).not.toHaveProperty('read_only');

    await clean(node.uuid, [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'BootMode', value: 'Bios' }] } }]);
    const after = (await api.request('GET', '/v1/nodes/bios-1/bios')).json().bios;
    expect(after.map((s: { name: string; value: string; updated_at: string | null }) => [s.name, s.value, s.updated_at !== null])).toEqual([['BootMode', 'Bios', true]]);
    await clean(node.uuid, [{ interface: 'bios', step: 'factory_reset' }]);
    expect((await api.request('GET', '/v1/nodes/bios-1/bios')).json().bios).toEqual([]);
  });

  it('answers a missing setting, bad arguments and old versions as Ironic does', async () => {
    const node = await api.createNode({ bios_interface: 'fake' });
    const missing = await api.request('GET', `/v1/nodes/${node.uuid}/bios/Nope`);
    expect([missing.statusCode, api.error(missing).faultstring]).toEqual([404, `Node ${node.uuid} doesn't have a BIOS setting 'Nope'`]);
    expect(api.error(await api.request('GET', `/v1/nodes/${node.uuid}/bios?detail=true`, { version: '1.73' })).faultstring).toBe('Invalid query parameter ?detail=True received.');
    expect(api.error(await api.request('GET', `/v1/nodes/${node.uuid}/bios?detail=true&fields=name`)).faultstring).toBe('Can not specify ?detail=True and fields in the same request.');
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/bios`, { version: '1.39' })).statusCode).toBe(404);
  });
});
