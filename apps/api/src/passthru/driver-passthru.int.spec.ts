import { randomUUID } from 'node:crypto';
import { DriverVendorPassthru, INSPECTOR_QUEUE } from '@ferrum/contracts';
import { Subscription, subjectOf } from '@ferrum/transport';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

// Driver calls go to a NATS queue group per hardware type. On a NATS server shared with other test files, a
// ferrum-demo conductor of another file may answer, so these specs never assert which conductor answered
// (e2e/vendor-passthru.e2e.spec.ts does, on its own NATS server) and keep durable jobs to node methods.
describe('driver vendor passthru', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({
      // ferrum-demo carries Ferrum's demonstration driver methods; fake-hardware has none, as in Ironic.
      env: { FERRUM_RPC_TIMEOUT_MS: '1500', FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo' },
      extraConductors: [{ FERRUM_ENABLED_HARDWARE_TYPES: 'manual-management' }],
    });
  });
  afterAll(() => api.close());

  const call = (method: string, url: string, body?: unknown) => api.request(method, url, { body });

  it('lists the driver methods without the node-only lock flag, with the JSON Schema of typed arguments', async () => {
    const reply = await api.request('GET', '/v1/drivers/ferrum-demo/vendor_passthru/methods');
    expect(reply.statusCode).toBe(200);
    const methods = reply.json();
    expect(methods.echo).toEqual({
      http_methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      async: false,
      attach: false,
      description: 'Echo the call back with the conductor that answered it (routing checks).',
    });
    expect(methods.add.args_schema).toMatchObject({ type: 'object', required: ['a', 'b'] });
    expect(methods.driver_job).toMatchObject({ async: true });
  });

  it('lists only the agent\'s lookup on an agent\'s type whose vendor has none, none on fake-hardware (Ironic\'s), 404 for an unknown driver', async () => {
    expect(Object.keys((await api.request('GET', '/v1/drivers/manual-management/vendor_passthru/methods')).json())).toEqual(['lookup']);
    expect((await api.request('GET', '/v1/drivers/fake-hardware/vendor_passthru/methods')).json()).toEqual({});
    expect((await api.request('GET', '/v1/drivers/ipmi/vendor_passthru/methods')).statusCode).toBe(404);
  });

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])('passes %s through to the method in both URL forms', async (verb) => {
    const body = verb === 'GET' || verb === 'DELETE' ? undefined : { colour: 'blue' };
    for (const url of ['/v1/drivers/ferrum-demo/vendor_passthru/echo', '/v1/drivers/ferrum-demo/vendor_passthru?method=echo']) {
      const reply = await call(verb, url, body);
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toMatchObject({ driver: 'ferrum-demo', http_method: verb, args: body ?? {} });
    }
  });

  it('checks typed arguments before the call and names the wrong field', async () => {
    const ok = await call('POST', '/v1/drivers/ferrum-demo/vendor_passthru/add', { a: 2, b: 3 });
    expect(ok.json()).toEqual({ sum: 5 });
    const bad = await call('POST', '/v1/drivers/ferrum-demo/vendor_passthru/add', { a: 'two', b: 3 });
    expect(bad.statusCode).toBe(400);
    expect(api.error(bad).faultstring).toMatch(/^Invalid argument "a" for vendor method add: /);
  });

  it('answers an async driver method with 202 and no body', async () => {
    const reply = await call('POST', '/v1/drivers/ferrum-demo/vendor_passthru/driver_job', {});
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
  });

  it('refuses an unknown method with a 400 naming it, as Ironic, also on a driver without driver methods', async () => {
    const reply = await call('POST', '/v1/drivers/manual-management/vendor_passthru/anything', {});
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('No handler for method anything');
    expect(api.error(await call('POST', '/v1/drivers/fake-hardware/vendor_passthru/echo', {})).faultstring).toBe('No handler for method echo');
  });

  it('refuses a missing method, an unknown driver, and a driver whose conductors stopped answering', async () => {
    expect(api.error(await call('POST', '/v1/drivers/fake-hardware/vendor_passthru', {})).faultstring).toBe('Missing mandatory parameter: method');
    expect(api.error(await call('POST', '/v1/drivers/fake-hardware/vendor_passthru?method=', {})).faultstring).toBe('Method not specified');
    const unknown = await call('GET', '/v1/drivers/ipmi/vendor_passthru/echo');
    expect(unknown.statusCode).toBe(404);
    expect(api.error(unknown).faultstring).toBe("The driver 'ipmi' is unknown.");
    const ghost = `ghost-hw-${randomUUID().slice(0, 8)}`;
    await api.db.repos.conductors.register(`ghost-${randomUUID().slice(0, 8)}`, '', [
      { hardware_type: ghost, interface_type: 'vendor', interface_name: 'fake', is_default: true },
    ]);
    expect((await call('GET', `/v1/drivers/${ghost}/vendor_passthru/echo`)).statusCode).toBe(404);
  });

  it('answers 504 naming the conductor when it does not reply in time', async () => {
    const hardware = `slow-hw-${randomUUID().slice(0, 8)}`;
    const host = `slow-${randomUUID().slice(0, 8)}`;
    await api.db.repos.conductors.register(host, '', [{ hardware_type: hardware, interface_type: 'vendor', interface_name: 'fake', is_default: true }]);
    const never: Subscription = await api.apiTransport.handle(subjectOf(DriverVendorPassthru, { driver: hardware }, INSPECTOR_QUEUE).subject, () => new Promise(() => undefined));
    try {
      const reply = await call('POST', `/v1/drivers/${hardware}/vendor_passthru/anything`, {});
      expect(reply.statusCode).toBe(504);
      expect(api.error(reply)).toMatchObject({ faultcode: 'Server', faultstring: expect.stringContaining(`conductor ${host}`) });
    } finally {
      await never.unsubscribe();
    }
  });
});
