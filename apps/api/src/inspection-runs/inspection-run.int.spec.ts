import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('GET /v1/ferrum/inspections', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it('lists the runs newest first with their node, paged by node uuid, and refuses bad paging in Ironic’s format', async () => {
    const nodes: { uuid: string; name: string | null }[] = [];
    for (const name of ['run-a', 'run-b', 'run-c']) {
      const node = await api.db.repos.nodes.insert({ uuid: randomUUID(), name: `${name}-${randomUUID().slice(0, 4)}`, driver: 'fake-hardware', provision_state: 'manageable' });
      await api.db.repos.introspections.start(node.uuid, { manageBoot: true, attributes: {}, dialect: 'inspector' });
      nodes.push(node);
    }
    await api.db.repos.introspections.transition(nodes[0].uuid, 'error', { error: 'boom' });
    const first = await api.request('GET', '/v1/ferrum/inspections?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.inspections.map((r: { node_name: string }) => r.node_name)).toEqual([nodes[2].name, nodes[1].name]);
    expect(page1.inspections[0]).toMatchObject({ node_uuid: nodes[2].uuid, state: 'starting', dialect: 'inspector', manage_boot: true, finished_at: null, error: null });
    const page2 = (await api.request('GET', `/v1/ferrum/inspections?limit=2&marker=${page1.next}`)).json();
    expect(page2.inspections.map((r: { node_uuid: string }) => r.node_uuid)).toContain(nodes[0].uuid);
    expect(page2.inspections.find((r: { node_uuid: string }) => r.node_uuid === nodes[0].uuid)).toMatchObject({ state: 'error', error: 'boom', finished_at: expect.stringMatching(/Z$/) });

    expect(api.error(await api.request('GET', '/v1/ferrum/inspections?limit=0')).faultstring).toBe('limit must be an integer from 1 to 1000, not 0');
    expect(api.error(await api.request('GET', '/v1/ferrum/inspections?marker=nope')).faultstring).toBe('marker nope is not the node uuid of an inspection run');
    expect(api.error(await api.request('GET', '/v1/ferrum/inspections?state=x')).faultstring).toBe('Unexpected arguments: state');
  });
});
