import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

const disk = (extra: Record<string, unknown> = {}) => ({ raid_level: '1', size_gb: 100, ...extra });

describe('PUT /v1/nodes/{ident}/states/raid', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const put = (ident: string, body?: unknown, version?: string | null, query = '') => api.request('PUT', `/v1/nodes/${ident}/states/raid${query}`, { body, version });
  const fault = async (reply: ReturnType<typeof put>) => {
    const r = await reply;
    return [r.statusCode, api.error(r).faultstring];
  };

  it('stores a valid target (204, no body), shows it in the node and its states from 1.12, and clears it with {} or no body', async () => {
    const node = await api.createNode({ name: 'raid-1', raid_interface: 'fake' });
    const target = { logical_disks: [disk({ is_root_volume: true }), { raid_level: '5', size_gb: 'MAX', controller: 'c0', physical_disks: ['a', 'b', 'c'] }] };
    const stored = await put('raid-1', target);
    expect([stored.statusCode, stored.body]).toEqual([204, '']);
    const shown = (await api.request('GET', `/v1/nodes/${node.uuid}`)).json();
    expect({ raid: shown.raid_config, target: shown.target_raid_config }).toEqual({ raid: {}, target });
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/states`)).json().target_raid_config).toEqual(target);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.11' })).json()).not.toHaveProperty('target_raid_config');

    expect((await put(node.uuid, {})).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).json().target_raid_config).toEqual({});
    expect((await put(node.uuid, target)).statusCode).toBe(204);
    expect((await put(node.uuid)).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).json().target_raid_config).toEqual({});
  });

  it("refuses an invalid target with Ironic's 400 and leaves the stored one alone", async () => {
    const node = await api.createNode({ raid_interface: 'fake' });
    expect((await put(node.uuid, { logical_disks: [disk()] })).statusCode).toBe(204);
    expect(await fault(put(node.uuid, { logical_disks: [] }))).toEqual([400, 'RAID config validation error: [] is too short']);
    expect(await fault(put(node.uuid, { logical_disks: [disk({ raid_level: '3' })] }))).toEqual([
      400,
      "RAID config validation error: '3' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']",
    ]);
    expect(await fault(put(node.uuid, { logical_disks: [disk({ size_gb: 'ALL' })] }))).toEqual([400, "RAID config validation error: 'ALL' is not one of ['MAX']"]);
    expect(await fault(put(node.uuid, { logical_disks: [disk({ is_root_volume: true }), disk({ is_root_volume: true }), disk({ is_root_volume: true })] }))).toEqual([
      400,
      'Raid config cannot have more than one root volume. 3 root volumes were specified',
    ]);
    expect(await fault(put(node.uuid, [disk()]))).toEqual([400, "Expected types <class 'dict'> for target_raid_config: [{'raid_level': '1', 'size_gb': 100}]"]);
    expect(await fault(put(node.uuid, null))).toEqual([400, "Expected types <class 'dict'> for target_raid_config: None"]);
    expect(await fault(put(node.uuid, { logical_disks: [disk()] }, undefined, '?force=1'))).toEqual([400, 'Unexpected arguments: force']);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).json().target_raid_config).toEqual({ logical_disks: [disk()] });
  });

  it('answers 406 below 1.12, 404 for a missing node or a node without RAID, and 409 while the node is locked', async () => {
    const node = await api.createNode({ raid_interface: 'fake' });
    expect((await put(node.uuid, { logical_disks: [disk()] }, '1.11')).statusCode).toBe(406);
    expect((await put(node.uuid, { logical_disks: [disk()] }, null)).statusCode).toBe(406);
    expect(await fault(put('9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11', {}))).toEqual([404, 'Node 9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11 could not be found.']);

    const bare = await api.createNode({ raid_interface: 'no-raid' });
    expect(await fault(put(bare.uuid, { logical_disks: [disk()] }))).toEqual([404, 'Driver fake-hardware does not support raid (disabled or not implemented).']);
    expect((await put(bare.uuid, {})).statusCode).toBe(204);

    const host = await api.lockNode(node.uuid);
    const locked = await put(node.uuid, {});
    expect([locked.statusCode, api.error(locked).faultstring]).toEqual([409, `Node ${node.uuid} is locked by host ${host}, please retry after the current operation is completed.`]);
  });

  it("runs no RAID clean step on fake RAID, as Ironic's FakeRAID declares none: the manual clean fails and raid_config stays empty", async () => {
    const node = await api.createNode({ raid_interface: 'fake' });
    expect((await put(node.uuid, { logical_disks: [disk({ is_root_volume: true })] })).statusCode).toBe(204);
    const settled = async (state: string) => {
      await until(async () => {
        const n = (await api.request('GET', `/v1/nodes/${node.uuid}`)).json();
        return n.provision_state === state && !n.reservation;
      }, 30_000);
      return (await api.request('GET', `/v1/nodes/${node.uuid}`)).json();
    };
    await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target: 'manage' } });
    await settled('manageable');
    for (const step of ['create_configuration', 'delete_configuration']) {
      const answer = await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target: 'clean', clean_steps: [{ interface: 'raid', step }] } });
      expect(answer.statusCode).toBe(202);
      const done = await settled('clean failed');
      expect(done.raid_config).toEqual({});
      expect(done.last_error).toBe(`Cannot clean node ${node.uuid}: node does not support this clean step: {'interface': 'raid', 'step': '${step}'}`);
      await api.request('PUT', `/v1/nodes/${node.uuid}/states/provision`, { body: { target: 'manage' } });
      await settled('manageable');
    }
  });
});
