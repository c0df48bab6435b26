import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('node VIFs', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const vifs = async (ident: string) => (await api.request('GET', `/v1/nodes/${ident}/vifs`)).json().vifs;
  const attach = (ident: string, body: unknown, version?: string) => api.request('POST', `/v1/nodes/${ident}/vifs`, { body, ...(version && { version }) });

  it('flat: records a VIF on the preferred free port, lists it, refuses it twice, and detaches it', async () => {
    const node = await api.createNode({ name: 'vif-flat', network_interface: 'flat' });
    const ports = [];
    for (const [mac, pxe] of [['52:54:00:66:00:01', false], ['52:54:00:66:00:02', true]] as const) {
      ports.push((await api.request('POST', '/v1/ports', { body: { node_uuid: node.uuid, address: mac, pxe_enabled: pxe } })).json());
    }
    expect((await attach('vif-flat', { id: 'tenant-1' })).statusCode).toBe(204);
    expect(await vifs('vif-flat')).toEqual([{ id: 'tenant-1' }]);
    expect((await api.request('GET', `/v1/ports/${ports[1].uuid}`)).json().internal_info).toEqual({ tenant_vif_port_id: 'tenant-1' });
    const again = await attach('vif-flat', { id: 'tenant-1' });
    expect([again.statusCode, api.error(again).faultstring]).toEqual([409, `Unable to attach VIF because VIF tenant-1 is already attached to Ironic Port ${ports[1].uuid}`]);
    expect((await attach('vif-flat', { id: 'tenant-2' })).statusCode).toBe(204);
    const full = await attach('vif-flat', { id: 'tenant-3' });
    expect([full.statusCode, api.error(full).faultstring]).toEqual([400, 'Unable to attach VIF tenant-3, not enough free physical ports.']);
    expect((await vifs('vif-flat')).map((v: { id: string }) => v.id).sort()).toEqual(['tenant-1', 'tenant-2']);
    expect((await api.request('DELETE', '/v1/nodes/vif-flat/vifs/tenant-1')).statusCode).toBe(204);
    const gone = await api.request('DELETE', '/v1/nodes/vif-flat/vifs/tenant-1');
    expect([gone.statusCode, api.error(gone).faultstring]).toEqual([400, `Unable to detach VIF tenant-1 from node ${node.uuid} because it is not attached to it.`]);
    expect(await vifs('vif-flat')).toEqual([{ id: 'tenant-2' }]);
  });

  it('flat: puts a VIF on a port group with members before a port, or on the port asked for (1.67)', async () => {
    const node = await api.createNode({ network_interface: 'flat' });
    const group = (await api.request('POST', '/v1/portgroups', { body: { node_uuid: node.uuid } })).json();
    await api.request('POST', '/v1/ports', { body: { node_uuid: node.uuid, address: '52:54:00:66:01:01', portgroup_uuid: group.uuid } });
    const lone = (await api.request('POST', '/v1/ports', { body: { node_uuid: node.uuid, address: '52:54:00:66:01:02', pxe_enabled: true } })).json();
    expect((await attach(node.uuid, { id: 'on-group' })).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/portgroups/${group.uuid}`)).json().internal_info).toEqual({ tenant_vif_port_id: 'on-group' });
    const both = await attach(node.uuid, { id: 'x', port_uuid: lone.uuid, portgroup_uuid: group.uuid });
    expect([both.statusCode, api.error(both).faultstring]).toEqual([400, 'Cannot specify both port_uuid and portgroup_uuid']);
    expect((await attach(node.uuid, { id: 'on-port', port_uuid: lone.uuid })).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/ports/${lone.uuid}`)).json().internal_info).toEqual({ tenant_vif_port_id: 'on-port' });
  });

  it('noop accepts and forgets; bad input is refused before anything; a locked node answers 409', async () => {
    const node = await api.createNode({ network_interface: 'noop' });
    expect((await attach(node.uuid, { id: 'forgotten' })).statusCode).toBe(204);
    expect(await vifs(node.uuid)).toEqual([]);
    expect(api.error(await attach(node.uuid, {})).faultstring).toBe("Schema error for vif: 'id' is a required property");
    expect(api.error(await attach(node.uuid, { id: 'bad id' })).faultstring).toBe('Expected UUID or name for id: bad id');
    expect((await attach(randomUUID(), { id: 'x' })).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/vifs`, { version: '1.27' })).statusCode).toBe(404);
    const flat = await api.createNode({ network_interface: 'flat' });
    await api.request('POST', '/v1/ports', { body: { node_uuid: flat.uuid, address: '52:54:00:66:02:01' } });
    await api.lockNode(flat.uuid);
    expect((await attach(flat.uuid, { id: 'busy' })).statusCode).toBe(409);
    expect(await vifs(flat.uuid)).toEqual([]);
  });
});
