import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('node inventory', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const inventory = { cpu: { count: 8, architecture: 'x86_64' }, memory: { physical_mb: 16384 }, interfaces: [{ name: 'eth0', mac_address: '52:54:00:12:34:56' }] };

  it("answers the inspector's processed data: the ramdisk's inventory, and the rest as plugin_data", async () => {
    const node = await api.createNode({ name: 'inventory-1' });
    // What the inspector service stores when it has processed a ramdisk's callback.
    await api.db.repos.introspections.storeData(node.uuid, true, { inventory, cpus: 8, memory_mb: 16384, macs: ['52:54:00:12:34:56'] });
    const reply = await api.request('GET', '/v1/nodes/inventory-1/inventory', { version: '1.81' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ inventory, plugin_data: { cpus: 8, memory_mb: 16384, macs: ['52:54:00:12:34:56'] } });
  });

  it('says so when the node was never inspected, and is unknown below 1.81', async () => {
    const node = await api.createNode({ name: 'inventory-2' });
    const none = await api.request('GET', `/v1/nodes/${node.uuid}/inventory`, { version: '1.81' });
    expect(none.statusCode).toBe(404);
    const { id } = await api.db.repos.nodes.getByIdent(node.uuid);
    expect(api.error(none).faultstring).toBe(`Node inventory record for node ${id} could not be found.`);
    // Unprocessed data alone (a callback still being processed) is no inventory yet.
    await api.db.repos.introspections.storeData(node.uuid, false, { inventory });
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/inventory`, { version: '1.81' })).statusCode).toBe(404);
    const old = await api.request('GET', `/v1/nodes/${node.uuid}/inventory`, { version: '1.80' });
    expect(old.statusCode).toBe(404);
    expect(old.headers['openstack-request-id']).toBeUndefined();
    expect((await api.request('GET', `/v1/nodes/${randomUUID()}/inventory`, { version: '1.81' })).statusCode).toBe(404);
    expect((await api.request('PUT', `/v1/nodes/${node.uuid}/inventory`, { version: '1.81', body: { inventory } })).statusCode).toBe(405);
  });
});
