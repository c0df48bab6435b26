import { MAX_VERSION } from '@ferrum/contracts';
import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

/** API 1.89: POST and DELETE /v1/nodes/{n}/vmedia, their checks, and a driver without virtual media (fake hardware). */
describe('node virtual media (1.89)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const attach = (ident: string, body: unknown, version = '1.89') => api.request('POST', `/v1/nodes/${ident}/vmedia`, { body, version });
  const detach = (ident: string, query = '', version = '1.89') => api.request('DELETE', `/v1/nodes/${ident}/vmedia${query}`, { version });
  const fault = (reply: Awaited<ReturnType<typeof attach>>) => [reply.statusCode, api.error(reply).faultstring];

  it('is there from 1.89 only', async () => {
    // The maximum reaches 1.89 with this work; below it the sub-resource is unknown.
    expect(MAX_VERSION).toBeGreaterThanOrEqual(89);
    const node = await api.createNode();
    expect((await attach(node.uuid, { device_type: 'cdrom', image_url: 'http://images.test/a.iso' }, '1.88')).statusCode).toBe(404);
    expect((await detach(node.uuid, '', '1.88')).statusCode).toBe(404);
    // Reading the drives is 1.93's: between 1.89 and 1.92 the handler itself answers 404.
    const early = await api.request('GET', `/v1/nodes/${node.uuid}/vmedia`, { version: '1.89' });
    expect([early.statusCode, api.error(early)]).toEqual([404, { code: 404, title: 'Not Found', description: '' }]);
  });

  it("checks the body with Ironic's schema and its URL rule before looking at the node", async () => {
    expect(fault(await attach('no-such-node', { device_type: 'cdrom' }))).toEqual([400, "Schema error for vmedia: 'image_url' is a required property"]);
    expect(fault(await attach('no-such-node', { device_type: 'dvd', image_url: 'http://x/a.iso' }))).toEqual([400, "Schema error for vmedia: 'dvd' is not one of ['disk', 'cdrom', 'floppy']"]);
    expect(fault(await attach('no-such-node', { device_type: 'cdrom', image_url: 'http://x/a.iso', username: 'u' }))).toEqual([
      400,
      "Schema error for vmedia: Additional properties are not allowed ('username' was unexpected)",
    ]);
    expect(fault(await attach('no-such-node', { device_type: 'cdrom', image_url: 'ftp://x/a.iso' }))).toEqual([400, 'Unsupported or missing URL scheme: ftp']);
    expect(fault(await attach('no-such-node', { device_type: 'cdrom', image_url: 'a.iso' }))).toEqual([400, 'Unsupported or missing URL scheme: ']);
    expect((await attach('no-such-node', { device_type: 'cdrom', image_url: 'http://x/a.iso' })).statusCode).toBe(404);
    expect(fault(await detach('no-such-node', '?device_types=cdrom,dvd'))).toEqual([400, 'Invalid device type(s) dvd (valid are disk, cdrom, floppy)']);
  });

  it('answers 204 and records in last_error that a driver without virtual media cannot attach or detach', async () => {
    const node = await api.createNode();
    const reply = await attach(node.uuid, { device_type: 'cdrom', image_url: 'https://images.test/boot.iso' });
    expect([reply.statusCode, reply.body]).toEqual([204, '']);
    await until(async () => (await api.db.repos.nodes.getByIdent(node.uuid)).last_error !== null);
    expect((await api.db.repos.nodes.getByIdent(node.uuid)).last_error).toBe(
      `Could not attach device cdrom to node ${node.uuid}: Driver fake-hardware does not support attach_virtual_media (disabled or not implemented).`,
    );
    expect((await detach(node.uuid, '?device_types=cdrom')).statusCode).toBe(204);
    await until(async () => (await api.db.repos.nodes.getByIdent(node.uuid)).last_error?.startsWith('Could not detach') === true);
    expect((await api.db.repos.nodes.getByIdent(node.uuid)).last_error).toBe(
      `Could not detach device(s) ['cdrom'] from node ${node.uuid}: Driver fake-hardware does not support detach_virtual_media (disabled or not implemented).`,
    );
  });
});
