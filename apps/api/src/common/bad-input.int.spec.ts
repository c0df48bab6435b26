import { ApiHarness, startApiHarness } from '../testing/api-harness';

/** Whatever a client sends, a mistake of the client's is a 4xx with Ironic's error body, never a 500. */
describe('bad input', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ env: { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo' } });
    await api.createNode({ name: 'bad-input' });
  });
  afterAll(() => api.close());

  it.each([
    ['GET', '/v1/nodes/%ZZ', undefined, 400],
    ['GET', '/v1/nodes?fields[]=x', undefined, 400],
    ['GET', '/v1/nodes?fields=&limit=-5', undefined, 400],
    ['GET', '/v1/nodes?sort_key=conductor', undefined, 400],
    ['GET', '/v1/nodes?sort_key=chassis_uuid', undefined, 400],
    ['POST', '/v1/nodes', 'null', 400],
    ['POST', '/v1/nodes', '"x"', 400],
    ['POST', '/v1/nodes', '[1]', 400],
    ['POST', '/v1/nodes', '', 400],
    ['POST', '/v1/nodes', '{"driver": 5}', 400],
    ['PATCH', '/v1/nodes/bad-input', '[{"op": "add", "path": "/properties/a/b", "value": 1}]', 400],
    ['PATCH', '/v1/nodes/bad-input', '[{"op": "add", "path": "/extra/list", "value": [1]}, {"op": "add", "path": "/extra/list/5", "value": 1}]', 400],
    ['PATCH', '/v1/nodes/bad-input', '[{"op": "replace", "path": "/name"}]', 400],
    ['PATCH', '/v1/nodes/bad-input', '[{"path": "/name"}]', 400],
    ['PATCH', '/v1/nodes/bad-input', '', 400],
    ['PATCH', '/v1/nodes/bad-input', '[{"op": "replace", "path": "/resource_class", "value": 5}]', 400],
    ['PATCH', '/v1/nodes/bad-input', '[{"op": "replace", "path": "/name", "value": null}]', 400],
    ['PUT', '/v1/nodes/bad-input/states/power', '{"target": 5}', 400],
    ['PUT', '/v1/nodes/bad-input/states/power', '[]', 400],
    ['POST', '/v1/ports', '{"address": 5, "node_uuid": "x"}', 400],
    ['POST', '/v1/ports', '{"address": "52:54:00:00:00:01", "node_uuid": "bad-input"}', 400],
    ['GET', '/v1/ports?address=zz', undefined, 400],
    ['GET', '/v1/ports?node=bad%20name', undefined, 400],
    ['POST', '/v1/chassis', '{"uuid": "x"}', 400],
    ['GET', '/v1/conductors?limit=0', undefined, 400],
    ['PUT', '/v1/nodes/bad-input/states/provision', '[]', 400],
    ['PUT', '/v1/nodes/bad-input/states/provision', '{"target": ["manage"]}', 400],
    ['PUT', '/v1/nodes/bad-input/states/provision', '{"target": "manage", "configdrive": 5}', 400],
    ['PUT', '/v1/nodes/bad-input/states/provision', '{"target": "clean", "clean_steps": [null]}', 400],
    ['PUT', '/v1/nodes/bad-input/management/boot_device', '{"boot_device": {"x": 1}}', 400],
    ['PUT', '/v1/nodes/bad-input/maintenance', '{"reason": ["x"]}', 400],
    ['GET', '/v1/nodes/validate?node=bad%20name', undefined, 400],
    ['POST', '/v1/nodes/bad-input/vendor_passthru/third_method_sync', '"x"', 400],
    ['POST', '/v1/nodes/bad-input/vendor_passthru?method=', '{}', 400],
    ['POST', '/v1/drivers/ferrum-demo/vendor_passthru/add', '{"a": null}', 400],
    ['GET', '/v1/drivers?type=', undefined, 400],
    ['GET', '/v1/drivers?fields[]=name', undefined, 400],
    ['GET', '/v1/ferrum/jobs/%ZZ', undefined, 400],
  ])('%s %s %s → %d', async (method, url, body, status) => {
    const reply = await api.request(method, url, { body });
    expect(reply.statusCode).toBe(status);
    expect(JSON.parse(reply.json<{ error_message: string }>().error_message)).toBeInstanceOf(Object);
  });

  // PostgreSQL cannot hold NUL: every edge refuses it with a 400 naming where (never the value), nothing written.
  it.each([
    ['GET', '/v1/conductors/a%00b', undefined, 'hostname'],
    ['GET', '/v1/nodes?driver=a%00b', undefined, 'driver'],
    ['GET', '/v1/nodes?resource_class=x%00', undefined, 'resource_class'],
    ['GET', '/v1/chassis?marker=%00', undefined, 'marker'],
    ['POST', '/v1/nodes', '{"driver": "fake-hardware", "extra": {"k": "a\\u0000b"}}', 'extra.k'],
    ['POST', '/v1/nodes', '{"driver": "fake-hardware", "properties": {"a\\u0000": 1}}', 'a key of properties'],
    ['PATCH', '/v1/nodes/bad-input', '[{"op": "add", "path": "/extra/x", "value": "\\u0000"}]', '[0].value'],
    ['POST', '/v1/chassis', '{"description": "\\u0000"}', 'description'],
    ['PUT', '/v1/nodes/bad-input/maintenance', '{"reason": "\\u0000"}', 'reason'],
    ['POST', '/v1/heartbeat/bad-input', '{"callback_url": "http://x\\u0000"}', 'callback_url'],
  ])('%s %s %s refuses NUL at %s', async (method, url, body, where) => {
    const before = (await api.request('GET', '/v1/nodes?fields=uuid')).json<{ nodes: unknown[] }>().nodes.length;
    const reply = await api.request(method, url, { body });
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.json<{ error_message: string }>().error_message).faultstring).toBe(
      `Invalid input for ${where}: the NUL character (\\u0000) is not allowed.`,
    );
    expect((await api.request('GET', '/v1/nodes?fields=uuid')).json<{ nodes: unknown[] }>().nodes).toHaveLength(before);
  });

  it('survives odd but valid patches and bodies', async () => {
    for (const [method, url, body] of [
      ['POST', '/v1/nodes', '{"driver": "fake-hardware", "__proto__": {"x": 1}}'],
      ['POST', '/v1/nodes', '{"driver": "fake-hardware", "conductor_group": null}'],
      ['PATCH', '/v1/nodes/bad-input', '[{"op": "replace", "path": "/properties", "value": null}]'],
      ['PATCH', '/v1/nodes/bad-input', '[{"op": "remove", "path": "/conductor_group"}]'],
      ['PATCH', '/v1/nodes/bad-input', '[{"op": "remove", "path": "/maintenance"}]'],
      ['PATCH', '/v1/nodes/bad-input', '[]'],
    ]) {
      const reply = await api.request(method, url, { body });
      expect({ method, url, body, ok: reply.statusCode < 300 }).toEqual({ method, url, body, ok: true });
    }
  });

  it('finds a node by a 255-character name', async () => {
    const name = 'n'.repeat(255);
    await api.createNode({ name });
    expect((await api.request('GET', `/v1/nodes/${name}`)).statusCode).toBe(200);
  });

  it.each([
    ['PATCH', '/v1/nodes/bad-input', [{ op: 'explode', path: '/driver_info/ipmi_password', value: 'Hunter2-Secret' }]],
    ['PATCH', '/v1/nodes/bad-input', [{ op: 'add', path: '/driver_info/ipmi_password/deeper', value: 'Hunter2-Secret' }]],
    ['POST', '/v1/nodes', { driver: 'fake-hardware', driver_info: { ipmi_password: 'Hunter2-Secret' }, bogus: 'Hunter2-Secret' }],
    ['POST', '/v1/nodes', { driver: 'no-such-driver', driver_info: { redfish_password: 'Hunter2-Secret' } }],
    ['PUT', '/v1/nodes/bad-input/states/provision', { target: 'rescue', rescue_password: 'Hunter2-Secret', bogus: 1 }],
    ['PUT', '/v1/nodes/bad-input/states/provision', { target: 'rescue', rescue_password: ['Hunter2-Secret'] }],
  ])('%s %s with a secret in the body: the error never quotes it', async (method, url, body) => {
    const reply = await api.request(method, url, { body });
    expect(reply.statusCode).toBeGreaterThanOrEqual(400);
    expect(reply.statusCode).toBeLessThan(500);
    expect(reply.body).not.toContain('Hunter2-Secret');
  });
});
