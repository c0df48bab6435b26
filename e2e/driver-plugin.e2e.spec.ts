import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';

/**
 * A driver shipped as its own package: the example plugin, loaded by name through configuration
 * (FERRUM_DRIVER_PLUGINS) into an all-in-one process, is served like any built-in hardware type.
 */
describe('driver plugin loaded through configuration (@ferrum/driver-example)', () => {
  let ferrum: FerrumProcess;
  let http: IronicHttp;

  beforeAll(async () => {
    const port = await freePort();
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_DRIVER_PLUGINS: '@ferrum/driver-example',
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,example-hardware',
    });
    http = new IronicHttp(`http://127.0.0.1:${port}`);
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
  });
  afterAll(async () => {
    await ferrum?.kill();
  });

  it('lists example-hardware beside fake-hardware, served by the same conductor', async () => {
    const { json } = await http.get('/v1/drivers');
    expect(json.drivers.map((d: { name: string }) => d.name)).toEqual(['example-hardware', 'fake-hardware']);
    expect(json.drivers[0].hosts).toEqual(json.drivers[1].hosts);
    const shown = await http.get('/v1/drivers/example-hardware');
    expect(shown.json).toMatchObject({ default_power_interface: 'example', default_vendor_interface: 'example', enabled_power_interfaces: ['example'] });
    expect((await http.get('/v1/drivers/example-hardware/properties')).json).toMatchObject({
      example_address: 'Address of the example BMC. Required.',
    });
  });

  it('answers its driver method authentication_types (GET, sync) in both URL forms', async () => {
    const methods = await http.get('/v1/drivers/example-hardware/vendor_passthru/methods');
    expect(methods.json).toEqual({
      authentication_types: { http_methods: ['GET'], async: false, attach: false, description: 'List the authentication types the example BMC accepts.' },
    });
    // The agent's lookup is mixed in only where a hardware type says an agent boots on it (agentVendor); this one does not.
    expect(methods.json).not.toHaveProperty('lookup');
    for (const url of ['/v1/drivers/example-hardware/vendor_passthru/authentication_types', '/v1/drivers/example-hardware/vendor_passthru?method=authentication_types']) {
      const reply = await http.get(url);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual(['none', 'password', 'certificate']);
    }
    expect((await http.post('/v1/drivers/example-hardware/vendor_passthru/authentication_types', {})).status).toBe(400);
  });

  it('refuses send_raw without raw_bytes with 400 MissingParameterValue, and runs it with them', async () => {
    const created = await http.post('/v1/nodes', { driver: 'example-hardware', driver_info: { example_address: '10.0.0.9' } });
    expect(created.status).toBe(201);
    const { uuid } = created.json;
    const missing = await http.post(`/v1/nodes/${uuid}/vendor_passthru/send_raw`, {});
    expect(missing.status).toBe(400);
    expect(IronicHttp.fault(missing.json)).toBe("Parameter 'raw_bytes' not passed to method 'send_raw'.");
    const sent = await http.post(`/v1/nodes/${uuid}/vendor_passthru?method=send_raw`, { raw_bytes: '0x06 0x01' });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ node: uuid, sent: '0x06 0x01' });
  });

  it('validates its own driver_info: a node without example_address fails power validation', async () => {
    const { json } = await http.post('/v1/nodes', { driver: 'example-hardware' });
    const validation = (await http.get(`/v1/nodes/${json.uuid}/validate`)).json;
    expect(validation.power).toEqual({ result: false, reason: "Missing the following example credentials in node's driver_info: example_address" });
    expect(validation.deploy).toEqual({ result: true });
  });
});
