import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

// Ironic lists every interface of the node's driver, whatever the request's version (firmware since 22.1, API 1.86).
const INTERFACES = ['bios', 'boot', 'console', 'deploy', 'firmware', 'inspect', 'management', 'network', 'power', 'raid', 'rescue', 'storage'];

describe('node validate', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ extraConductors: [{ FERRUM_ENABLED_HARDWARE_TYPES: 'manual-management' }] });
  });
  afterAll(() => api.close());

  it('reports every interface but vendor, each passing with no reason', async () => {
    const node = await api.createNode({ name: 'validate-me' });
    const reply = await api.request('GET', '/v1/nodes/validate-me/validate');
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(Object.keys(body).sort()).toEqual(INTERFACES);
    expect(body.power).toEqual({ result: true });
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/validate`)).json()).toEqual(body);
  });

  it('has no firmware key when pinned to a release before it (2023.1), as Ironic 21.4', async () => {
    const pinned = await startApiHarness({ env: { FERRUM_PIN_RELEASE_VERSION: '2023.1' } });
    try {
      const node = await pinned.createNode();
      const body = (await pinned.request('GET', `/v1/nodes/${node.uuid}/validate`)).json();
      expect(Object.keys(body).sort()).toEqual(INTERFACES.filter((k) => k !== 'firmware'));
    } finally {
      await pinned.close();
    }
  });

  it('reports what a driver lacks as false with the reason', async () => {
    const node = await api.createNode({ driver: 'manual-management' });
    const body = (await api.request('GET', `/v1/nodes/${node.uuid}/validate`)).json();
    expect(body.bios).toEqual({ result: false, reason: 'Driver manual-management does not support bios (disabled or not implemented).' });
    expect(body.power).toEqual({ result: true });
  });

  it('also answers on the collection with ?node= (a name from 1.5) or the deprecated ?node_uuid=', async () => {
    const node = await api.createNode({ name: 'validate-query' });
    expect((await api.request('GET', '/v1/nodes/validate?node=validate-query')).json()).toHaveProperty('deploy');
    expect((await api.request('GET', `/v1/nodes/validate?node_uuid=${node.uuid}`)).json()).toHaveProperty('deploy');
    expect((await api.request('GET', `/v1/nodes/validate?node=${node.uuid}`, { version: '1.1' })).statusCode).toBe(200);
    expect((await api.request('GET', '/v1/nodes/validate?node=validate-query', { version: '1.4' })).statusCode).toBe(406);
  });

  it('refuses a missing node, an unknown one and stray arguments', async () => {
    expect(api.error(await api.request('GET', '/v1/nodes/validate')).faultstring).toBe('Missing mandatory parameter: node');
    expect((await api.request('GET', `/v1/nodes/validate?node=${randomUUID()}`)).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/nodes/${randomUUID()}/validate`)).statusCode).toBe(404);
    expect((await api.request('GET', '/v1/nodes/validate?node_uuid=not-a-uuid')).statusCode).toBe(400);
    const node = await api.createNode();
    expect(api.error(await api.request('GET', `/v1/nodes/${node.uuid}/validate?node=x`)).faultstring).toBe('Unexpected arguments: node');
  });
});

describe('node boot device', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const path = (uuid: string, tail = '') => `/v1/nodes/${uuid}/management/boot_device${tail}`;

  it('shows the boot device and the devices the driver supports', async () => {
    const node = await api.createNode();
    const shown = await api.request('GET', path(node.uuid));
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ boot_device: 'pxe', persistent: false });
    expect((await api.request('GET', path(node.uuid, '/supported'))).json()).toEqual({ supported_boot_devices: ['pxe'] });
  });

  it('sets a supported device with 204, no body and no content type', async () => {
    const node = await api.createNode();
    const reply = await api.request('PUT', path(node.uuid), { body: { boot_device: 'pxe', persistent: 'true' } });
    expect(reply.statusCode).toBe(204);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
  });

  it('refuses a device the driver does not support, a missing device and bad arguments with 400', async () => {
    const node = await api.createNode();
    const unsupported = await api.request('PUT', path(node.uuid), { body: { boot_device: 'cdrom' } });
    expect(unsupported.statusCode).toBe(400);
    expect(api.error(unsupported).faultstring).toContain('cdrom');
    expect(api.error(await api.request('PUT', path(node.uuid), { body: {} })).faultstring).toBe('Missing mandatory parameter: boot_device');
    expect((await api.request('PUT', path(node.uuid), { body: { boot_device: 'pxe', persistent: 'sometimes' } })).statusCode).toBe(400);
    expect(api.error(await api.request('PUT', path(node.uuid), { body: { boot_device: 'pxe', when: 'now' } })).faultstring).toBe(
      'Unexpected arguments: when',
    );
  });

  it('answers 409 on a node another task holds, and 404 for an unknown node', async () => {
    const node = await api.createNode();
    await api.lockNode(node.uuid);
    expect((await api.request('PUT', path(node.uuid), { body: { boot_device: 'pxe' } })).statusCode).toBe(409);
    expect((await api.request('GET', path(node.uuid))).statusCode).toBe(409);
    expect((await api.request('GET', path(node.uuid, '/supported'))).statusCode).toBe(200);
    expect((await api.request('GET', path(randomUUID()))).statusCode).toBe(404);
  });
});

describe('node maintenance', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const read = (uuid: string) => api.db.repos.nodes.findByUuid(uuid).then((n) => n!);

  it('puts a node in maintenance with a reason: 202, no body, no content type', async () => {
    const node = await api.createNode({ name: 'maint-1' });
    const reply = await api.request('PUT', '/v1/nodes/maint-1/maintenance', { body: { reason: 'disk swap' } });
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`)).json()).toMatchObject({ maintenance: true, maintenance_reason: 'disk swap' });
    expect((await api.request('PUT', '/v1/nodes/maint-1/maintenance')).statusCode).toBe(202);
    expect(await read(node.uuid)).toMatchObject({ maintenance: true, maintenance_reason: null });
  });

  it('takes a node out of maintenance, clearing the reason and the fault', async () => {
    const node = await api.createNode();
    await api.request('PUT', `/v1/nodes/${node.uuid}/maintenance`, { body: { reason: 'power failure' } });
    await api.db.repos.dataSource.query(`UPDATE nodes SET fault = 'power failure' WHERE uuid = $1`, [node.uuid]);
    const reply = await api.request('DELETE', `/v1/nodes/${node.uuid}/maintenance`);
    expect(reply.statusCode).toBe(202);
    expect(reply.headers['content-type']).toBeUndefined();
    expect(await read(node.uuid)).toMatchObject({ maintenance: false, maintenance_reason: null, fault: null });
  });

  it('answers 409 on a node another task holds, 404 for an unknown one, 400 for a bad reason', async () => {
    const node = await api.createNode();
    await api.lockNode(node.uuid);
    expect((await api.request('PUT', `/v1/nodes/${node.uuid}/maintenance`, { body: { reason: 'x' } })).statusCode).toBe(409);
    expect((await api.request('DELETE', `/v1/nodes/${node.uuid}/maintenance`)).statusCode).toBe(409);
    expect((await api.request('PUT', `/v1/nodes/${randomUUID()}/maintenance`, { body: {} })).statusCode).toBe(404);
    expect((await api.request('PUT', `/v1/nodes/${node.uuid}/maintenance`, { body: { reason: 5 } })).statusCode).toBe(400);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/maintenance`)).statusCode).toBe(405);
  });
});

describe('node indicators', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it("lists the fake management's indicators as name@component, reads one, and cannot set them (as Ironic's fake)", async () => {
    const node = await api.createNode({ name: 'indicators-1' });
    const list = (await api.request('GET', '/v1/nodes/indicators-1/management/indicators')).json().indicators;
    expect(list.map((i: { name: string; component: string; readonly: boolean }) => [i.name, i.component, i.readonly])).toEqual([
      ['led-0@chassis', 'chassis', true],
      ['led@system', 'system', false],
    ]);
    expect(list[1].links[0].href).toMatch(/\/v1\/nodes\/indicators-1\/management\/indicators\/led@system$/);
    expect((await api.request('GET', '/v1/nodes/indicators-1/management/indicators/led@system')).json()).toEqual({ state: 'on' });
    expect(api.error(await api.request('GET', '/v1/nodes/indicators-1/management/indicators/led')).faultstring).toBe('Malformed indicator name "led"');
    const set = await api.request('PUT', '/v1/nodes/indicators-1/management/indicators/led@system', { body: { state: 'off' } });
    expect([set.statusCode, api.error(set).faultstring]).toEqual([400, 'Driver fake-hardware does not support set_indicator_state (disabled or not implemented).']);
    await api.lockNode(node.uuid);
    expect((await api.request('GET', '/v1/nodes/indicators-1/management/indicators')).statusCode).toBe(409);
  });
});
