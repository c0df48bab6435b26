import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, PUBLIC_URL, startApiHarness, until } from '../testing/api-harness';

describe('volume connectors and targets', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  let serial = 0;
  const iqn = () => `iqn.2026-12.org.ferrum:int-${++serial}`;
  const rows = async (table: 'volume_connectors' | 'volume_targets') => Number((await api.db.repos.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const create = async (collection: 'connectors' | 'targets', body: Record<string, unknown>) => {
    const reply = await api.request('POST', `/v1/volume/${collection}`, { body });
    if (reply.statusCode !== 201) throw new Error(`${collection} create: ${reply.statusCode} ${reply.body}`);
    return reply.json();
  };
  const power = async (uuid: string, target: 'power on' | 'power off') => {
    expect((await api.request('PUT', `/v1/nodes/${uuid}/states/power`, { body: { target } })).statusCode).toBe(202);
    await until(async () => (await api.db.repos.nodes.findByUuid(uuid))?.power_state === target && !(await api.db.repos.nodes.findByUuid(uuid))?.reservation);
  };
  const fault = (reply: { statusCode: number }, status: number) => {
    expect(reply.statusCode).toBe(status);
    return api.error(reply as never).faultstring;
  };

  it('creates, shows and lists connectors and targets as Ironic renders them, behind 1.32', async () => {
    const node = await api.createNode({ name: 'vol-node-1' });
    const created = await api.request('POST', '/v1/volume/connectors', { body: { node_uuid: node.uuid, type: 'iqn', connector_id: 'iqn.2026-12.org.ferrum:one' } });
    expect(created.statusCode).toBe(201);
    const connector = created.json();
    expect(created.headers.location).toBe(`${PUBLIC_URL}/v1/volume/connectors/${connector.uuid}`);
    expect(connector).toEqual({
      uuid: expect.any(String), node_uuid: node.uuid, type: 'iqn', connector_id: 'iqn.2026-12.org.ferrum:one', extra: {},
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/), updated_at: null,
      links: [
        { href: `${PUBLIC_URL}/v1/volume/connectors/${connector.uuid}`, rel: 'self' },
        { href: `${PUBLIC_URL}/volume/connectors/${connector.uuid}`, rel: 'bookmark' },
      ],
    });
    const target = await create('targets', { node_uuid: node.uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'vol-1', properties: { target_iqn: 'iqn.x', auth_password: 's3cret' } });
    expect(target.properties).toEqual({ target_iqn: 'iqn.x', auth_password: '******' });
    expect(JSON.stringify(target)).not.toContain('s3cret');

    expect((await api.request('GET', '/v1/volume/connectors?node=vol-node-1')).json().connectors).toEqual([
      { uuid: connector.uuid, node_uuid: node.uuid, type: 'iqn', connector_id: 'iqn.2026-12.org.ferrum:one', links: connector.links },
    ]);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/volume/targets`)).json().targets).toEqual([
      { uuid: target.uuid, node_uuid: node.uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'vol-1', links: expect.any(Array) },
    ]);
    expect((await api.request('GET', `/v1/volume/targets/${target.uuid}?fields=properties`)).json()).toEqual({ properties: target.properties, links: target.links });
    expect((await api.request('GET', '/v1/volume')).json().connectors[0].href).toBe(`${PUBLIC_URL}/v1/volume/connectors`);
    expect((await api.request('GET', '/v1/nodes/vol-node-1/volume')).json().targets[0].href).toBe(`${PUBLIC_URL}/v1/nodes/vol-node-1/volume/targets`);
    expect((await api.request('GET', '/v1', { version: '1.32' })).json().volume).toHaveLength(2);

    // Below 1.32 the document is Ironic's NotFound and the collections its router's bare 404.
    expect(fault(await api.request('GET', '/v1/volume', { version: '1.31' }), 404)).toBe('Resource could not be found.');
    const old = await api.request('GET', `/v1/volume/connectors/${connector.uuid}`, { version: '1.31' });
    expect(old.statusCode).toBe(404);
    expect(old.headers['openstack-request-id']).toBeUndefined();
  });

  it('pages connectors with a next link to /v1/volume/connectors and refuses bad list arguments', async () => {
    const node = await api.createNode({ name: 'vol-node-2' });
    for (let i = 0; i < 3; i++) await create('connectors', { node_uuid: node.uuid, type: 'iqn', connector_id: iqn() });
    const first = (await api.request('GET', `/v1/nodes/${node.uuid}/volume/connectors?limit=2&sort_key=connector_id&sort_dir=desc`)).json();
    expect(first.connectors).toHaveLength(2);
    expect(first.next).toBe(`${PUBLIC_URL}/v1/volume/connectors?sort_key=connector_id&sort_dir=desc&fields=uuid,node_uuid,type,connector_id&limit=2&marker=${first.connectors[1].uuid}`);
    const rest = (await api.request('GET', first.next.replace(PUBLIC_URL, '') + `&node=${node.uuid}`)).json();
    expect(rest.connectors).toHaveLength(1);
    expect(rest.next).toBeUndefined();
    const ids = [...first.connectors, ...rest.connectors].map((c: { connector_id: string }) => c.connector_id);
    expect(ids).toEqual([...ids].sort().reverse());

    expect(fault(await api.request('GET', '/v1/volume/connectors?sort_key=extra'), 400)).toBe('The sort_key value extra is an invalid field for sorting');
    expect(fault(await api.request('GET', '/v1/volume/targets?sort_key=properties'), 400)).toBe('The sort_key value properties is an invalid field for sorting');
    expect(fault(await api.request('GET', '/v1/volume/connectors?fields=uuid&detail=true'), 400)).toBe("Can't fetch a subset of fields with 'detail' set");
    expect(fault(await api.request('GET', `/v1/volume/connectors?marker=${randomUUID()}`), 404)).toMatch(/^Volume connector \S+ could not be found\.$/);
    expect(fault(await api.request('GET', `/v1/volume/connectors?node=${node.uuid}&fields=uuid,colour`), 400)).toBe('Field(s) "colour" are not valid');
    // Ironic looks the parent node up by UUID only.
    expect(fault(await api.request('GET', '/v1/nodes/vol-node-2/volume/connectors'), 404)).toBe('Node vol-node-2 could not be found.');
    expect((await api.request('GET', '/v1/volume/connectors?node=vol-node-2')).json().connectors).toHaveLength(3);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const node = await api.createNode();
    const taken = iqn();
    await create('connectors', { node_uuid: node.uuid, type: 'iqn', connector_id: taken });
    await create('targets', { node_uuid: node.uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'v0' });
    const [connectors, targets] = [await rows('volume_connectors'), await rows('volume_targets')];
    const other = await api.createNode();

    const refusals: [string, Record<string, unknown> | unknown[] | undefined, number, string | RegExp][] = [
      ['connectors', { node_uuid: other.uuid, type: 'iqn', connector_id: taken }, 409, `A volume connector with type iqn and connector ID ${taken} already exists.`],
      ['connectors', { node_uuid: randomUUID(), type: 'iqn', connector_id: iqn() }, 400, /^Invalid input for field\/attribute node_uuid\. Value: '[0-9a-f-]{36}'\. $/],
      ['connectors', { node_uuid: 'nope', type: 'iqn', connector_id: iqn() }, 400, 'Expected UUID for node_uuid: nope'],
      ['connectors', { colour: 'red', type: 'iqn' }, 400, "Schema error for connector: 'connector_id' is a required property"],
      ['connectors', { node_uuid: node.uuid, type: 'iqn', connector_id: iqn(), colour: 'red' }, 400, "Schema error for connector: Additional properties are not allowed ('colour' was unexpected)"],
      ['connectors', undefined, 400, "Schema error for connector: 'connector_id' is a required property"],
      ['connectors', [], 400, "Schema error for connector: [] is not of type 'object'"],
      ['targets', { node_uuid: node.uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'again' }, 409, "A volume target with boot index '0' for the same node already exists."],
      ['targets', { node_uuid: node.uuid, volume_type: 'iscsi', boot_index: true, volume_id: 'v' }, 400, "Schema error for target: True is not of type 'integer'"],
      ['targets', { node_uuid: node.uuid, volume_type: 'iscsi', boot_index: 2 ** 40, volume_id: 'v' }, 400, 'Schema error for target: 1099511627776 is greater than the maximum of 2147483647'],
      ['targets', { colour: 'red', boot_index: 'x' }, 400, "Schema error for target: 'node_uuid' is a required property"],
    ];
    for (const [collection, body, status, message] of refusals) {
      const reply = await api.request('POST', `/v1/volume/${collection}`, { body });
      expect([collection, body, reply.statusCode]).toEqual([collection, body, status]);
      expect(api.error(reply).faultstring).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    }
    // The same boot index on another node is fine: the rule is per node.
    await create('targets', { node_uuid: other.uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'v0' });
    expect([await rows('volume_connectors'), await rows('volume_targets')]).toEqual([connectors, targets + 1]);
    expect((await api.db.repos.nodes.findByUuid(node.uuid))?.reservation).toBeNull();
  });

  it('changes and deletes a node’s volumes only while it is powered off, under its lock', async () => {
    const node = await api.createNode();
    const spare = await api.createNode();
    const connector = await create('connectors', { node_uuid: node.uuid, type: 'iqn', connector_id: iqn(), extra: { rack: 1 } });
    const target = await create('targets', { node_uuid: node.uuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'v0' });
    const url = `/v1/volume/connectors/${connector.uuid}`;
    const extra = [{ op: 'add', path: '/extra/row', value: 2 }];

    // A new fake node has no power state yet: Ironic prints Python's None.
    expect(fault(await api.request('PATCH', url, { body: extra }), 400)).toBe(
      `The requested action "volume connector update" can not be performed on node "${node.uuid}" while it is in state "None".`,
    );
    await power(node.uuid, 'power on');
    expect(fault(await api.request('DELETE', `/v1/volume/targets/${target.uuid}`), 400)).toBe(
      `The requested action "volume target deletion" can not be performed on node "${node.uuid}" while it is in state "power on".`,
    );
    await power(node.uuid, 'power off');

    const patched = await api.request('PATCH', url, { body: extra });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ extra: { rack: 1, row: 2 }, updated_at: expect.any(String) });
    // Moving it checks the node it moves to, which is not off.
    expect(fault(await api.request('PATCH', url, { body: [{ op: 'replace', path: '/node_uuid', value: spare.uuid }] }), 400)).toMatch(
      new RegExp(`on node "${spare.uuid}" while it is in state "None"`),
    );
    expect(fault(await api.request('PATCH', url, { body: [{ op: 'replace', path: '/node_uuid', value: randomUUID() }] }), 400)).toMatch(/^Node \S+ could not be found\.$/);
    expect(fault(await api.request('PATCH', url, { body: [{ op: 'replace', path: '/node_uuid', value: 'nope' }] }), 400)).toBe('Expected a UUID for node_uuid, but received nope.');
    expect(fault(await api.request('PATCH', url, { body: [{ op: 'remove', path: '/type' }] }), 400)).toBe("Schema error for patch: 'type' is a required property");
    expect(fault(await api.request('PATCH', url, { body: [{ op: 'replace', path: '/uuid', value: randomUUID() }] }), 400)).toBe(
      'Cannot patch /uuid. Only the following can be updated: connector_id, extra, node_uuid, type',
    );
    expect(fault(await api.request('PATCH', `/v1/nodes/${node.uuid}/volume/connectors/${connector.uuid}`, { body: extra }), 403)).toBe('Operation not permitted.');

    // Held by another conductor: 409, and the lock is still the holder's afterwards.
    const holder = await api.lockNode(node.uuid);
    expect((await api.request('DELETE', url)).statusCode).toBe(409);
    expect((await api.db.repos.nodes.findByUuid(node.uuid))?.reservation).toBe(holder);
    await api.db.repos.reservations.release(node.uuid, holder);
    expect((await api.request('GET', url)).json().extra).toEqual({ rack: 1, row: 2 });

    expect((await api.request('DELETE', url)).statusCode).toBe(204);
    expect(fault(await api.request('GET', url), 404)).toBe(`Volume connector ${connector.uuid} could not be found.`);
    expect((await api.db.repos.nodes.findByUuid(node.uuid))?.reservation).toBeNull();
  });

  it('deletes a node’s connectors and targets with the node', async () => {
    const node = await api.createNode();
    const connector = await create('connectors', { node_uuid: node.uuid, type: 'wwpn', connector_id: iqn() });
    const target = await create('targets', { node_uuid: node.uuid, volume_type: 'fibre_channel', boot_index: 3, volume_id: 'v3' });
    expect((await api.request('DELETE', `/v1/nodes/${node.uuid}`)).statusCode).toBe(204);
    expect((await api.request('GET', `/v1/volume/connectors/${connector.uuid}`)).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/volume/targets/${target.uuid}`)).statusCode).toBe(404);
  });
});

describe('volume connectors and targets under Ironic’s default policy', () => {
  let api: ApiHarness;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-volume-rbac-'));
  // http_basic users with roles and scopes, as the personas spec sets them up.
  const users = {
    admin: { roles: ['admin'], system: true },
    'p1-reader': { roles: ['reader'], project_id: 'P1' },
    'p1-admin': { roles: ['admin'], project_id: 'P1' },
    'p3-reader': { roles: ['reader'], project_id: 'P3' },
  };
  const as = (user: keyof typeof users, method: string, url: string, body?: unknown) =>
    api.request(method, url, { body, headers: { Authorization: `Basic ${Buffer.from(`${user}:pw-${user}`).toString('base64')}` } });

  beforeAll(async () => {
    writeFileSync(join(dir, 'htpasswd'), Object.keys(users).map((u) => `${u}:${bcrypt.hashSync(`pw-${u}`, 4)}`).join('\n'));
    writeFileSync(join(dir, 'roles.yaml'), Object.entries(users).map(([u, r]) => `${u}: ${JSON.stringify(r)}`).join('\n'));
    api = await startApiHarness({ env: { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'), FERRUM_HTTP_BASIC_ROLES_FILE: join(dir, 'roles.yaml') } });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('redacts target properties for a reader, lists only the project’s volumes, and hides other projects’ volumes as missing', async () => {
    const owned = (await as('admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', owner: 'P1' })).json().uuid as string;
    const foreign = (await as('admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', owner: 'P2' })).json().uuid as string;
    const mine = await as('p1-admin', 'POST', '/v1/volume/targets', { node_uuid: owned, volume_type: 'iscsi', boot_index: 0, volume_id: 'v', properties: { target_iqn: 'iqn.2026-12.org.ferrum:p1' } });
    expect(mine.statusCode).toBe(201);
    // A project admin may not give volumes to another project's node, which it does not even see.
    expect(api.error(await as('p1-admin', 'POST', '/v1/volume/targets', { node_uuid: foreign, volume_type: 'iscsi', boot_index: 0, volume_id: 'v' })).faultstring).toBe(
      'Access was denied to the following resource: baremetal:volume:create',
    );
    const theirs = await as('admin', 'POST', '/v1/volume/targets', { node_uuid: foreign, volume_type: 'iscsi', boot_index: 0, volume_id: 'v' });

    const shown = (await as('p1-reader', 'GET', `/v1/volume/targets/${mine.json().uuid as string}`)).json();
    expect(shown.properties).toEqual({ redacted_contents: '** Value redacted: Requires permission baremetal:volume:view_target_properties access. Permission denied. **' });
    expect((await as('p1-admin', 'GET', `/v1/volume/targets/${mine.json().uuid as string}`)).json().properties).toEqual({ target_iqn: 'iqn.2026-12.org.ferrum:p1' });
    const listed = (await as('p1-reader', 'GET', '/v1/volume/targets?detail=true')).json().targets as { uuid: string; properties: unknown }[];
    expect(listed.map((t) => t.uuid)).toEqual([mine.json().uuid]);
    expect(listed[0].properties).toEqual(shown.properties);
    expect((await as('p3-reader', 'GET', '/v1/volume/targets')).json().targets).toEqual([]);
    const hidden = await as('p1-reader', 'GET', `/v1/volume/targets/${theirs.json().uuid as string}`);
    expect([hidden.statusCode, api.error(hidden).faultstring]).toEqual([404, `Volume target ${theirs.json().uuid as string} could not be found.`]);
    // A reader may look but not touch.
    expect((await as('p1-reader', 'DELETE', `/v1/volume/targets/${mine.json().uuid as string}`)).statusCode).toBe(403);
  });
});
