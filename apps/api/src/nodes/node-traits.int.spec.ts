import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('node traits', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const traitsOf = async (ident: string) => (await api.request('GET', `/v1/nodes/${ident}/traits`)).json().traits;

  it('replaces, adds and removes traits, kept sorted without duplicates, and shows them on the node', async () => {
    const node = await api.createNode({ name: 'traits-1' });
    expect(await traitsOf('traits-1')).toEqual([]);
    const put = await api.request('PUT', '/v1/nodes/traits-1/traits', { body: { traits: ['CUSTOM_B', 'HW_CPU_X86_AVX2', 'CUSTOM_A', 'CUSTOM_B'] } });
    expect(put.statusCode).toBe(204);
    expect(put.body).toBe('');
    expect(await traitsOf(node.uuid)).toEqual(['CUSTOM_A', 'CUSTOM_B', 'HW_CPU_X86_AVX2']);
    const one = await api.request('PUT', '/v1/nodes/traits-1/traits/CUSTOM_0');
    expect(one.statusCode).toBe(204);
    expect(one.headers.location).toMatch(/\/v1\/nodes\/traits-1\/traits\/CUSTOM_0$/);
    expect((await api.request('PUT', '/v1/nodes/traits-1/traits/CUSTOM_0')).statusCode).toBe(204);
    expect((await api.request('GET', '/v1/nodes/traits-1')).json().traits).toEqual(['CUSTOM_0', 'CUSTOM_A', 'CUSTOM_B', 'HW_CPU_X86_AVX2']);
    expect((await api.request('GET', '/v1/nodes/traits-1', { version: '1.36' })).json()).not.toHaveProperty('traits');
    expect((await api.request('DELETE', '/v1/nodes/traits-1/traits/CUSTOM_B')).statusCode).toBe(204);
    expect(await traitsOf('traits-1')).toEqual(['CUSTOM_0', 'CUSTOM_A', 'HW_CPU_X86_AVX2']);
    expect((await api.request('DELETE', '/v1/nodes/traits-1/traits')).statusCode).toBe(204);
    expect(await traitsOf('traits-1')).toEqual([]);
  });

  it("refuses bad traits with jsonschema's words and changes nothing", async () => {
    await api.createNode({ name: 'traits-2' });
    await api.request('PUT', '/v1/nodes/traits-2/traits', { body: { traits: ['CUSTOM_KEEP'] } });
    const lower = await api.request('PUT', '/v1/nodes/traits-2/traits/CUSTOM_lower');
    expect(lower.statusCode).toBe(400);
    expect(api.error(lower).faultstring).toMatch(/^Schema error for trait: 'CUSTOM_lower' is not valid under any of the given schemas\. Possible root cause: /);
    const list = await api.request('PUT', '/v1/nodes/traits-2/traits', { body: { traits: ['CUSTOM_A', 'bad'] } });
    expect(api.error(list).faultstring).toMatch(/^Schema error for body: 'bad' is not valid under any of the given schemas/);
    const extra = await api.request('PUT', '/v1/nodes/traits-2/traits', { body: { traits: [], colour: 'red' } });
    expect(api.error(extra).faultstring).toBe("Schema error for body: Additional properties are not allowed ('colour' was unexpected)");
    const long = await api.request('PUT', `/v1/nodes/traits-2/traits/CUSTOM_${'X'.repeat(250)}`);
    expect(api.error(long).faultstring).toMatch(/is too long$/);
    const both = await api.request('PUT', '/v1/nodes/traits-2/traits/CUSTOM_D', { body: { traits: ['CUSTOM_E'] } });
    expect(api.error(both).faultstring).toMatch(/^A single node trait may be added via PUT/);
    const neither = await api.request('PUT', '/v1/nodes/traits-2/traits');
    expect(api.error(neither).faultstring).toMatch(/^A single node trait may be added via PUT/);
    expect(await traitsOf('traits-2')).toEqual(['CUSTOM_KEEP']);
  });

  it('allows 50 traits and refuses the 51st, by replacement or addition, keeping the 50', async () => {
    const node = await api.createNode({ name: 'traits-3' });
    const fifty = Array.from({ length: 50 }, (_, i) => `CUSTOM_T${String(i).padStart(2, '0')}`);
    expect((await api.request('PUT', '/v1/nodes/traits-3/traits', { body: { traits: [...fifty, 'CUSTOM_X'] } })).statusCode).toBe(400);
    expect(await traitsOf('traits-3')).toEqual([]);
    expect((await api.request('PUT', '/v1/nodes/traits-3/traits', { body: { traits: fifty } })).statusCode).toBe(204);
    const more = await api.request('PUT', '/v1/nodes/traits-3/traits/CUSTOM_X');
    expect(more.statusCode).toBe(400);
    expect(api.error(more).faultstring).toBe(`Could not modify traits for node ${(await api.db.repos.nodes.getByIdent(node.uuid)).id} as it would exceed the maximum number of traits per node (51 vs. 50)`);
    expect(await traitsOf('traits-3')).toEqual(fifty);
  });

  it('answers 404 for a trait the node lacks and for an unknown node, 409 on a locked node (unchanged)', async () => {
    const node = await api.createNode({ name: 'traits-4' });
    await api.request('PUT', '/v1/nodes/traits-4/traits/CUSTOM_A');
    const missing = await api.request('DELETE', '/v1/nodes/traits-4/traits/CUSTOM_B');
    expect(missing.statusCode).toBe(404);
    expect(api.error(missing).faultstring).toBe(`Node ${node.uuid} doesn't have a trait 'CUSTOM_B'`);
    expect((await api.request('GET', `/v1/nodes/${randomUUID()}/traits`)).statusCode).toBe(404);
    expect((await api.request('PUT', `/v1/nodes/${randomUUID()}/traits/CUSTOM_A`)).statusCode).toBe(404);
    await api.lockNode(node.uuid);
    expect((await api.request('PUT', '/v1/nodes/traits-4/traits/CUSTOM_C')).statusCode).toBe(409);
    expect((await api.request('DELETE', '/v1/nodes/traits-4/traits')).statusCode).toBe(409);
    expect(await traitsOf('traits-4')).toEqual(['CUSTOM_A']);
  });

  it('behaves below 1.37 as Ironic did before traits: GET 406, PUT 405, DELETE 404', async () => {
    await api.createNode({ name: 'traits-5' });
    expect((await api.request('GET', '/v1/nodes/traits-5/traits', { version: '1.36' })).statusCode).toBe(406);
    expect((await api.request('PUT', '/v1/nodes/traits-5/traits/CUSTOM_A', { version: '1.36' })).statusCode).toBe(405);
    expect((await api.request('DELETE', '/v1/nodes/traits-5/traits', { version: '1.36' })).statusCode).toBe(404);
    expect(await traitsOf('traits-5')).toEqual([]);
  });
});
