import { MAX_VERSION, formatVersion } from '@ferrum/contracts';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

const MAX = formatVersion(MAX_VERSION);

describe('version discovery and request conventions', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it('describes the API at / without version headers, as keystoneauth and IPA expect', async () => {
    const reply = await api.request('GET', '/', { version: null });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({
      name: 'OpenStack Ironic API',
      description: expect.any(String),
      default_version: { id: 'v1', status: 'CURRENT', min_version: '1.1', version: MAX, links: [{ href: `${PUBLIC_URL}/v1/`, rel: 'self' }] },
      versions: [{ id: 'v1', status: 'CURRENT', min_version: '1.1', version: MAX, links: [{ href: `${PUBLIC_URL}/v1/`, rel: 'self' }] }],
    });
    expect(reply.headers['x-openstack-ironic-api-version']).toBeUndefined();
    expect(reply.headers['x-openstack-ironic-api-maximum-version']).toBeUndefined();
    expect(reply.headers['openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it('lists only the collections the requested version has in /v1', async () => {
    const old = (await api.request('GET', '/v1', { version: '1.1' })).json();
    expect(Object.keys(old).sort()).toEqual(['chassis', 'drivers', 'id', 'links', 'media_types', 'nodes', 'ports', 'version']);
    expect(old.nodes).toEqual([
      { href: `${PUBLIC_URL}/v1/nodes/`, rel: 'self' },
      { href: `${PUBLIC_URL}/nodes/`, rel: 'bookmark' },
    ]);
    expect(old.media_types).toEqual({ base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' });
    const latest = (await api.request('GET', '/v1/', { version: 'latest' })).json();
    for (const key of ['lookup', 'heartbeat', 'conductors', 'portgroups', 'volume', 'shards', 'events', 'deploy_templates', 'allocations']) expect(latest[key]).toHaveLength(2);
    expect((await api.request('GET', '/v1', { version: '1.31' })).json().volume).toBeUndefined();
    // Only what is served is listed: a client following a link must not meet a 404.
    for (const [key, links] of Object.entries(latest)) {
      if (!Array.isArray(links) || key === 'links') continue;
      const href = (links as { href: string }[])[0].href.replace(PUBLIC_URL, '');
      expect([key, (await api.request('GET', href, { version: 'latest' })).statusCode]).not.toEqual([key, 404]);
    }
    expect((await api.request('GET', '/v1', { version: '1.48' })).json().conductors).toBeUndefined();
  });

  it('answers 405 as a fault from the /v1 handler (with version headers) for other methods on /v1', async () => {
    const reply = await api.request('POST', '/v1', { body: {}, version: 'latest' });
    expect(reply.statusCode).toBe(405);
    expect(api.error(reply)).toEqual({
      faultcode: 'Client',
      faultstring: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
      debuginfo: null,
    });
    expect(reply.headers['x-openstack-ironic-api-version']).toBe(MAX);
  });

  it('serves the root document to every method, as Ironic does', async () => {
    const reply = await api.request('DELETE', '/', { version: null });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().name).toBe('OpenStack Ironic API');
  });

  it('uses 1.1 when no version is sent and echoes the effective version', async () => {
    const reply = await api.request('GET', '/v1/nodes', { version: null });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['x-openstack-ironic-api-version']).toBe('1.1');
    expect(reply.headers['x-openstack-ironic-api-minimum-version']).toBe('1.1');
    expect(reply.headers['x-openstack-ironic-api-maximum-version']).toBe(MAX);
  });

  it('resolves "latest" to the maximum', async () => {
    const reply = await api.request('GET', '/v1/nodes', { version: 'latest' });
    expect(reply.headers['x-openstack-ironic-api-version']).toBe(MAX);
  });

  it.each([[formatVersion(MAX_VERSION + 1)], ['2.1']])(
    'refuses version %s with 406 carrying min/max but not the version header, so the CLI can renegotiate',
    async (version) => {
      const reply = await api.request('GET', '/v1/nodes', { version });
      expect(reply.statusCode).toBe(406);
      expect(reply.headers['x-openstack-ironic-api-minimum-version']).toBe('1.1');
      expect(reply.headers['x-openstack-ironic-api-maximum-version']).toBe(MAX);
      expect(reply.headers['x-openstack-ironic-api-version']).toBeUndefined();
      // Ironic refuses the version before its request-id middleware runs.
      expect(reply.headers['openstack-request-id']).toBeUndefined();
      expect(api.error(reply)).toMatchObject({ code: 406, title: 'Not Acceptable' });
    },
  );

  it.each([['one.two'], ['1']])('refuses the unparsable version %s with a bare 406 (the CLI then reads GET /v1)', async (version) => {
    const reply = await api.request('GET', '/v1/nodes', { version });
    expect(reply.statusCode).toBe(406);
    for (const header of ['x-openstack-ironic-api-minimum-version', 'x-openstack-ironic-api-maximum-version', 'x-openstack-ironic-api-version', 'openstack-request-id']) {
      expect(reply.headers[header]).toBeUndefined();
    }
    expect(api.error(reply)).toEqual({ code: 406, title: 'Not Acceptable', description: 'Invalid value for X-OpenStack-Ironic-API-Version header' });
  });

  it('routes unversioned paths into v1, ignores a trailing slash, and a .json suffix below 1.91 only', async () => {
    for (const url of ['/nodes', '/v1/nodes/', '/v1/nodes.json', '/nodes/']) {
      const reply = await api.request('GET', url, { version: '1.90' });
      expect({ url, status: reply.statusCode }).toEqual({ url, status: 200 });
      expect(reply.json()).toHaveProperty('nodes');
      expect(reply.headers['x-openstack-ironic-api-version']).toBe('1.90');
    }
    // From 1.91 (and without a version) the suffix is part of the path: there is no collection "nodes.json".
    expect((await api.request('GET', '/v1/nodes.json', { version: '1.91' })).statusCode).toBe(404);
    expect((await api.request('GET', '/v1/nodes.json', { version: null })).statusCode).toBe(404);
    const named = await api.createNode({ name: 'test.json' });
    const reply = await api.request('GET', '/v1/nodes/test.json', { version: '1.91' });
    expect([reply.statusCode, reply.json().uuid]).toEqual([200, named.uuid]);
  });

  it('answers an unknown path with 404 in the framework shape', async () => {
    const reply = await api.request('GET', '/v1/bogus');
    expect(reply.statusCode).toBe(404);
    expect(api.error(reply)).toEqual({ code: 404, title: 'Not Found', description: '' });
    // Ironic's router answers before its request-id and version middleware do.
    expect(reply.headers['openstack-request-id']).toBeUndefined();
    expect(reply.headers['x-openstack-ironic-api-version']).toBeUndefined();
    expect((await api.request('GET', '/bogus')).statusCode).toBe(404);
  });

  it('answers a known path with a wrong method with 405 and the allowed methods', async () => {
    const reply = await api.request('PUT', '/v1/nodes', { body: {} });
    expect(reply.statusCode).toBe(405);
    expect(reply.headers.allow).toBe('GET, POST');
  });

  it('sends JSON as plain application/json, as webob does (no charset parameter)', async () => {
    expect((await api.request('GET', '/v1/nodes')).headers['content-type']).toBe('application/json');
    expect((await api.request('GET', '/')).headers['content-type']).toBe('application/json');
  });

  it('gives every response its own request id, even when the client sends one', async () => {
    const clientId = 'req-11111111-2222-3333-4444-555555555555';
    const reply = await api.request('GET', '/v1/nodes', { headers: { 'X-Openstack-Request-Id': clientId } });
    expect(reply.headers['openstack-request-id']).toMatch(/^req-/);
    expect(reply.headers['openstack-request-id']).not.toBe(clientId);
  });

  it('refuses malformed JSON with 400 instead of a server error', async () => {
    const reply = await api.request('POST', '/v1/nodes', { body: '{"driver": ' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply)).toMatchObject({ faultcode: 'Client', debuginfo: null });
  });

  it('reads a JSON body whatever non-form content type the client declares, or none', async () => {
    for (const type of ['application/octet-stream', 'application/json-patch+json', 'application/json; charset=utf-8']) {
      const reply = await api.request('POST', '/v1/chassis', { body: `{"description": "${type}"}`, headers: { 'Content-Type': type } });
      expect([type, reply.statusCode]).toEqual([type, 201]);
    }
  });

  it('refuses the content types a web page may send cross-site (CSRF) with 415, creating nothing', async () => {
    const before = (await api.request('GET', '/v1/chassis')).json().chassis.length;
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const reply = await api.request('POST', '/v1/chassis', { body: '{"description": "csrf"}', headers: { 'Content-Type': type } });
      expect([type, reply.statusCode]).toEqual([type, 415]);
      expect(api.error(reply).faultstring).toMatch(/^Unsupported Content-Type .*: send JSON \(application\/json\)\.$/);
    }
    expect((await api.request('GET', '/v1/chassis')).json().chassis.length).toBe(before);
  });
});

describe('pinned to a release (FERRUM_PIN_RELEASE_VERSION, Ironic pin_release_version)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ env: { FERRUM_PIN_RELEASE_VERSION: '2023.1' } });
  });
  afterAll(() => api.close());

  it("advertises 2023.1's maximum, 1.82, at / and /v1 and in every /v1 response's headers", async () => {
    const root = (await api.request('GET', '/', { version: null })).json();
    expect([root.default_version.version, root.versions[0].version]).toEqual(['1.82', '1.82']);
    const v1 = await api.request('GET', '/v1', { version: 'latest' });
    expect(v1.json().version.version).toBe('1.82');
    expect(v1.headers['x-openstack-ironic-api-version']).toBe('1.82');
    expect(v1.headers['x-openstack-ironic-api-maximum-version']).toBe('1.82');
  });

  it('refuses a newer microversion with 406 naming the pinned range', async () => {
    const reply = await api.request('GET', '/v1/nodes', { version: '1.83' });
    expect(reply.statusCode).toBe(406);
    expect(reply.headers['x-openstack-ironic-api-maximum-version']).toBe('1.82');
    expect(api.error(reply).description).toBe(
      'Version 1.83 was requested but the minor version is not supported by this service. The supported version range is: [1.1, 1.82].',
    );
  });
});
