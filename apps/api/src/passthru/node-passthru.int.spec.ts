import { randomUUID } from 'node:crypto';
import type { VendorCallReply } from '@ferrum/contracts';
import { ApiHarness, PUBLIC_URL, startApiHarness, until } from '../testing/api-harness';

describe('node vendor passthru', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    // Async fake methods hold the node for a moment, long enough to see the lock from outside.
    api = await startApiHarness({ env: { FERRUM_FAKE_VENDOR_DELAY_MS: '300' } });
  });
  afterAll(() => api.close());

  const call = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => api.request(method, url, { body, headers });
  const released = (uuid: string) => until(async () => (await api.db.repos.nodes.findByUuid(uuid))!.reservation === null);

  it('lists the node\'s vendor methods in Ironic\'s shape', async () => {
    const node = await api.createNode();
    const reply = await api.request('GET', `/v1/nodes/${node.uuid}/vendor_passthru/methods`);
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({
      second_method: { http_methods: ['POST'], async: true, attach: false, description: 'Test if the value of bar is kazoo', require_exclusive_lock: true },
      third_method_sync: { http_methods: ['POST'], async: false, attach: false, description: 'Test if the value of bar is meow', require_exclusive_lock: true },
      fourth_method_shared_lock: { http_methods: ['POST'], async: true, attach: false, description: 'Test if the value of bar is woof', require_exclusive_lock: false },
    });
  });

  it('keeps a method listing for a while, per driver and vendor interface', async () => {
    const node = await api.createNode();
    await api.request('GET', `/v1/nodes/${node.uuid}/vendor_passthru/methods`);
    const other = await api.createNode({ vendor_interface: 'no-vendor' });
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      expect((await api.request('GET', `/v1/nodes/${node.uuid}/vendor_passthru/methods`)).json()).toHaveProperty('second_method');
      expect(spy).not.toHaveBeenCalled();
      expect((await api.request('GET', `/v1/nodes/${other.uuid}/vendor_passthru/methods`)).json()).toEqual({});
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers a sync method with 200 and its JSON value, in both URL forms', async () => {
    const node = await api.createNode({ name: 'passthru-sync' });
    const path = await call('POST', '/v1/nodes/passthru-sync/vendor_passthru/third_method_sync', { bar: 'meow' });
    expect(path.statusCode).toBe(200);
    expect(path.headers['content-type']).toMatch(/^application\/json/);
    expect(path.body).toBe('true');
    const query = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru?method=third_method_sync`, { bar: 'woof' });
    expect(query.statusCode).toBe(200);
    expect(query.body).toBe('false');
  });

  it('answers an async method with 202, no body, no content type and no Location', async () => {
    const node = await api.createNode();
    const reply = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru?method=second_method`, { bar: 'kazoo' });
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
    expect(reply.headers.location).toBeUndefined();
    await released(node.uuid);
  });

  it('records an async call as a job when asked with X-Ferrum-Job, and the job ends with the result', async () => {
    const node = await api.createNode();
    const reply = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/second_method`, { bar: 'kazoo' }, { 'X-Ferrum-Job': 'true' });
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    const location = String(reply.headers.location);
    expect(location).toMatch(new RegExp(`^${PUBLIC_URL}/v1/ferrum/jobs/[0-9a-f-]{36}$`));
    const jobPath = location.slice(PUBLIC_URL.length);
    let job = (await api.request('GET', jobPath)).json();
    expect(job).toMatchObject({ kind: 'vendor_passthru', node_uuid: node.uuid, driver: 'fake-hardware', method: 'second_method', conductor: api.conductor.hostname });
    expect(['queued', 'running']).toContain(job.state);
    await until(async () => (await api.request('GET', jobPath)).json().state === 'succeeded');
    job = (await api.request('GET', jobPath)).json();
    expect(job).toMatchObject({ state: 'succeeded', result: true, error: null, started_at: expect.any(String), finished_at: expect.any(String) });
  });

  it('sends the HTTP verb to the conductor and the body as the method\'s arguments', async () => {
    const node = await api.createNode();
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/third_method_sync`, { bar: 'meow', n: 1 });
      expect(spy.mock.calls[0][1]).toEqual({ node_uuid: node.uuid, method: 'third_method_sync', http_method: 'POST', args: { bar: 'meow', n: 1 } });
    } finally {
      spy.mockRestore();
    }
    const get = await call('GET', `/v1/nodes/${node.uuid}/vendor_passthru/third_method_sync`);
    expect(get.statusCode).toBe(400);
    expect(api.error(get).faultstring).toBe('The method third_method_sync does not support HTTP GET');
  });

  it('refuses a call without a method name (Ironic\'s argument check) or with an empty one ("Method not specified")', async () => {
    const node = await api.createNode();
    const reply = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru`, { bar: 'x' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply)).toEqual({ faultcode: 'Client', faultstring: 'Missing mandatory parameter: method', debuginfo: null });
    const empty = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru?method=`, { bar: 'x' });
    expect(api.error(empty).faultstring).toBe('Method not specified');
  });

  it('refuses an unknown method and a call the driver\'s validation rejects with 400s', async () => {
    const node = await api.createNode();
    const unknown = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/nope`, {});
    expect(unknown.statusCode).toBe(400);
    expect(api.error(unknown).faultstring).toBe('No handler for method nope');
    const invalid = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/third_method_sync`, {});
    expect(invalid.statusCode).toBe(400);
    expect(api.error(invalid).faultstring).toBe("Parameter 'bar' not passed to method 'third_method_sync'.");
  });

  it('refuses a body that is not a JSON object, stray query arguments and a bad X-Ferrum-Job value', async () => {
    const node = await api.createNode();
    const base = `/v1/nodes/${node.uuid}/vendor_passthru`;
    expect(api.error(await call('POST', `${base}/third_method_sync`, '[1, 2]')).faultstring).toBe(
      'The body of a vendor passthru call must be a JSON object, not [1, 2]',
    );
    expect(api.error(await call('POST', `${base}/third_method_sync?method=x`, { bar: 1 })).faultstring).toBe('Unexpected arguments: method');
    expect(api.error(await call('POST', `${base}?method=third_method_sync&verbose=1`, { bar: 1 })).faultstring).toBe('Unexpected arguments: verbose');
    expect((await call('POST', `${base}/second_method`, { bar: 1 }, { 'X-Ferrum-Job': 'perhaps' })).statusCode).toBe(400);
  });

  it('reserves the methods segment for the listing', async () => {
    const node = await api.createNode();
    expect((await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/methods`, {})).statusCode).toBe(405);
  });

  it('refuses an exclusive method on a locked node with 409 but runs a shared-lock method', async () => {
    const node = await api.createNode();
    const host = await api.lockNode(node.uuid);
    const exclusive = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/third_method_sync`, { bar: 'meow' });
    expect(exclusive.statusCode).toBe(409);
    expect(api.error(exclusive).faultstring).toContain(`is locked by host ${host}`);
    expect((await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/fourth_method_shared_lock`, { bar: 'woof' })).statusCode).toBe(202);
  });

  it('answers 404 for an unknown node and 400 for an ident that cannot be one', async () => {
    expect((await call('POST', `/v1/nodes/${randomUUID()}/vendor_passthru/third_method_sync`, { bar: 1 })).statusCode).toBe(404);
    expect((await call('GET', `/v1/nodes/${randomUUID()}/vendor_passthru/methods`)).statusCode).toBe(404);
    expect((await call('POST', '/v1/nodes/bad%20name/vendor_passthru/third_method_sync', { bar: 1 })).statusCode).toBe(400);
  });

  it('streams an attached return value as raw bytes', async () => {
    const node = await api.createNode();
    const attached: VendorCallReply = { return: 'raw ☃ bytes', async: false, attach: true };
    const spy = jest.spyOn(api.apiTransport, 'request').mockResolvedValueOnce(attached);
    try {
      const reply = await call('POST', `/v1/nodes/${node.uuid}/vendor_passthru/dump`, {});
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('application/octet-stream');
      expect(reply.body).toBe('raw ☃ bytes');
    } finally {
      spy.mockRestore();
    }
  });
});
