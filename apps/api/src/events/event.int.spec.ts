import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('/v1/events', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const bind = { event: 'network.bind_port', port_id: '11111111-2222-4333-8444-555555555555', mac_address: '52:54:00:12:34:56', status: 'ACTIVE' };
  const post = (body: unknown, version = '1.54') => api.request('POST', '/v1/events', { body, version });

  it('acknowledges well-formed network events with 204 and nothing else', async () => {
    const reply = await post({ events: [bind, { ...bind, event: 'network.unbind_port', device_id: null }] });
    expect(reply.statusCode).toBe(204);
    expect(reply.body).toBe('');
  });

  it("refuses malformed ones in Ironic's words, and the resource below 1.54", async () => {
    expect(api.error(await post({ events: [] })).faultstring).toBe('Schema error for evts: [] is too short');
    expect(api.error(await post({ events: [{ ...bind, port_id: 'x' }] })).faultstring).toBe('Expected UUID for port_id: x');
    expect(api.error(await post({ events: [{ ...bind, mac_address: 'zz' }] })).faultstring).toBe('Expected valid MAC address for mac_address: zz');
    expect(api.error(await post({ events: [{ ...bind, event: 'network.other' }] })).faultstring).toMatch(/^Schema error for evts: 'network.other' is not one of/);
    expect((await post({ events: [bind] }, '1.53')).statusCode).toBe(404);
  });
});
