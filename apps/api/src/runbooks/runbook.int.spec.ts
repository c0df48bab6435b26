import { randomUUID } from 'node:crypto';
import { MAX_VERSION, Microversion, formatVersion } from '@ferrum/contracts';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

/**
 * /v1/runbooks over HTTP. Ironic serves it from 1.92; while Ferrum advertises less, the API answers as the
 * Ironic of its maximum, which has no runbooks (the service specs beside this one cover the behaviour at 1.92).
 * Once the maximum reaches 1.92 the second half runs instead.
 */
const SERVED = MAX_VERSION >= Microversion.RUNBOOKS;
const MAX = formatVersion(MAX_VERSION);

describe(`/v1/runbooks over HTTP (the advertised maximum is ${MAX})`, () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());
  const count = async () => Number((await api.db.repos.dataSource.query('SELECT count(*) AS n FROM runbooks'))[0].n);
  const step = { interface: 'bios', step: 'apply_configuration', args: {}, order: 1 };

  if (!SERVED) {
    it.each(['GET /v1/runbooks', `GET /v1/runbooks/${randomUUID()}`, 'POST /v1/runbooks', `PATCH /v1/runbooks/${randomUUID()}`, `DELETE /v1/runbooks/${randomUUID()}`, 'PUT /v1/runbooks'])(
      `%s at ${MAX} is an unknown resource (404), as in an Ironic without runbooks`,
      async (route) => {
        const [method, url] = route.split(' ');
        const body = method === 'POST' ? { name: 'CUSTOM_A', steps: [step] } : method === 'PATCH' ? [] : undefined;
        const res = await api.request(method, url, { body, version: MAX });
        expect(res.statusCode).toBe(404);
        // The router's answer, as for any path that Ironic does not know.
        expect(res.body).toBe((await api.request(method, url.replace('runbooks', 'no_such_things'), { body, version: MAX })).body);
        expect(await count()).toBe(0);
      },
    );

    it('refuses a 1.92 request (406) and links no runbooks from /v1', async () => {
      expect((await api.request('GET', '/v1/runbooks', { version: '1.92' })).statusCode).toBe(406);
      expect((await api.request('GET', '/v1', { version: MAX })).json()).not.toHaveProperty('runbooks');
    });

    it('knows no `runbook` in a provision request, as an Ironic without runbooks', async () => {
      const node = await api.createNode();
      const res = await api.request('PUT', `/v1/nodes/${String(node.uuid)}/states/provision`, { body: { target: 'manage', runbook: 'CUSTOM_A' }, version: MAX });
      expect([res.statusCode, api.error(res).faultstring]).toEqual([400, 'Unexpected arguments: runbook']);
    });
    return;
  }

  it('creates (201 and a Location), shows, lists, patches and deletes a runbook at 1.92', async () => {
    const v = { version: '1.92' };
    const created = await api.request('POST', '/v1/runbooks', { ...v, body: { name: 'CUSTOM_AWESOME', steps: [{ ...step, args: { password: 'x' } }] } });
    expect(created.statusCode).toBe(201);
    const rb = created.json();
    expect(created.headers.location).toBe(`http://ironic.test:6385/v1/runbooks/${String(rb.uuid)}`);
    expect(rb).toMatchObject({ name: 'CUSTOM_AWESOME', public: false, owner: null, disable_ramdisk: false, steps: [{ ...step, args: { password: '******' } }] });
    expect((await api.request('GET', '/v1/runbooks/CUSTOM_AWESOME', v)).json()).toEqual(rb);
    expect((await api.request('GET', '/v1/runbooks', v)).json()).toEqual({ runbooks: [{ uuid: rb.uuid, name: 'CUSTOM_AWESOME', links: rb.links }] });
    const patched = await api.request('PATCH', `/v1/runbooks/${String(rb.uuid)}`, { ...v, body: [{ op: 'replace', path: '/name', value: 'CUSTOM_AWESOME2' }] });
    expect([patched.statusCode, patched.json().name]).toEqual([200, 'CUSTOM_AWESOME2']);
    expect((await api.request('DELETE', '/v1/runbooks/CUSTOM_AWESOME2', v)).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/runbooks/${String(rb.uuid)}`, v)).statusCode).toBe(404);
  });

  it('refuses a duplicate name with 409 and writes nothing', async () => {
    const v = { version: '1.92' };
    await api.request('POST', '/v1/runbooks', { ...v, body: { name: 'CUSTOM_TAKEN', steps: [step] } });
    const before = await count();
    const dup = await api.request('POST', '/v1/runbooks', { ...v, body: { name: 'CUSTOM_TAKEN', steps: [step] } });
    expect([dup.statusCode, api.error(dup).faultstring]).toEqual([409, 'A runbook with name CUSTOM_TAKEN already exists.']);
    expect(await count()).toBe(before);
  });

  it('is unknown below 1.92: GET not found, other methods not allowed, and /v1 links it from 1.92', async () => {
    const get = await api.request('GET', '/v1/runbooks', { version: '1.91' });
    expect(get.statusCode).toBe(404);
    expect(get.body).toContain('The API version does not allow runbooks');
    expect((await api.request('POST', '/v1/runbooks', { version: '1.91', body: { name: 'CUSTOM_OLD', steps: [step] } })).statusCode).toBe(405);
    expect((await api.request('GET', '/v1', { version: '1.91' })).json()).not.toHaveProperty('runbooks');
    expect((await api.request('GET', '/v1', { version: '1.92' })).json()).toHaveProperty('runbooks');
  });

  it("cleans a node with a runbook its traits approve, and refuses one they do not", async () => {
    const v = { version: '1.92' };
    await api.request('POST', '/v1/runbooks', { ...v, body: { name: 'CUSTOM_CLEAN', steps: [{ interface: 'deploy', step: 'erase_devices_metadata', args: {}, order: 1 }] } });
    const node = await api.createNode();
    const provision = (body: unknown) => api.request('PUT', `/v1/nodes/${String(node.uuid)}/states/provision`, { ...v, body });
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'manageable' WHERE uuid = $1`, [node.uuid]);
    const refused = await provision({ target: 'clean', runbook: 'CUSTOM_CLEAN' });
    expect([refused.statusCode, api.error(refused).faultstring]).toEqual([
      400,
      `This runbook has not been approved for use on this node ${String(node.uuid)}. Please ask an administrator to add it to your node traits.`,
    ]);
    await api.db.repos.dataSource.query(`UPDATE nodes SET traits = '["CUSTOM_CLEAN"]' WHERE uuid = $1`, [node.uuid]);
    expect((await provision({ target: 'clean', runbook: 'CUSTOM_CLEAN' })).statusCode).toBe(202);
  });
});
