import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('PATCH /v1/nodes/{ident}', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const patch = (ident: string, ops: unknown, opts: { version?: string; query?: string } = {}) =>
    api.request('PATCH', `/v1/nodes/${ident}${opts.query ?? ''}`, { body: ops, version: opts.version });

  it('applies add, replace and remove and answers 200 with the whole node as saved under the lock', async () => {
    const node = await api.createNode({ name: 'patch-1', properties: { cpus: 2, local_gb: 10 }, extra: { rack: 'a' } });
    const reply = await patch(node.uuid, [
      { op: 'replace', path: '/name', value: 'patch-1b' },
      { op: 'add', path: '/properties/memory_mb', value: 4096 },
      { op: 'remove', path: '/properties/local_gb' },
      { op: 'remove', path: '/extra' },
      { op: 'add', path: '/driver_info', value: { ipmi_password: 'pw' } },
    ]);
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      uuid: node.uuid,
      name: 'patch-1b',
      properties: { cpus: 2, memory_mb: 4096 },
      extra: {},
      driver_info: { ipmi_password: '******' },
      // Ironic answers the object its conductor saved while holding the lock.
      reservation: api.conductor.hostname,
    });
    const stored = (await api.db.repos.nodes.findByUuid(node.uuid))!;
    expect(stored).toMatchObject({ driver_info: { ipmi_password: 'pw' }, reservation: null });
    // The release touched updated_at again, as Ironic's does (within the same millisecond, when the machine is quick).
    expect(stored.updated_at! >= reply.json().updated_at).toBe(true);
  });

  it('sends the conductor only the fields that changed', async () => {
    const node = await api.createNode({ name: 'patch-2', properties: { cpus: 2 } });
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      await patch('patch-2', [
        { op: 'replace', path: '/name', value: 'patch-2' },
        { op: 'add', path: '/properties/cpus', value: 4 },
        { op: 'replace', path: '/maintenance', value: 'true' },
      ]);
      const update = spy.mock.calls.find(([subject]) => subject.endsWith('node.update.v1'));
      expect(update?.[1]).toEqual({ node_uuid: node.uuid, changes: { properties: { cpus: 4 }, maintenance: true } });
    } finally {
      spy.mockRestore();
    }
  });

  it("carries the client's request id to the conductor", async () => {
    const node = await api.createNode();
    const clientId = 'req-0a1b2c3d-0000-4000-8000-000000000001';
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      await api.request('PATCH', `/v1/nodes/${node.uuid}`, {
        body: [{ op: 'add', path: '/extra/k', value: 1 }],
        headers: { 'X-Openstack-Request-Id': clientId },
      });
      const update = spy.mock.calls.find(([subject]) => subject.endsWith('node.update.v1'));
      expect(update?.[2]).toMatchObject({ requestId: clientId });
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses paths outside the patchable fields, naming the ones that are', async () => {
    const node = await api.createNode();
    const reply = await patch(node.uuid, [{ op: 'replace', path: '/power_state', value: 'power on' }]);
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toMatch(/^Cannot patch \/power_state\. Only the following can be updated: automated_clean, /);
    expect(api.error(await patch(node.uuid, [{ op: 'add', path: '/traits', value: ['CUSTOM_X'] }])).faultstring).toMatch(/^Cannot patch \/traits/);
  });

  it('refuses move, copy and test operations and bodies that are not a list', async () => {
    const node = await api.createNode();
    for (const op of ['move', 'copy', 'test']) {
      const reply = await patch(node.uuid, [{ op, path: '/name', value: 'x' }]);
      expect(reply.statusCode).toBe(400);
      expect(api.error(reply).faultstring).toContain('Schema error for patch');
    }
    expect((await patch(node.uuid, { op: 'replace', path: '/name', value: 'x' })).statusCode).toBe(400);
  });

  it('says which operation failed when a sub-key to remove is missing', async () => {
    const node = await api.createNode();
    const reply = await patch(node.uuid, [{ op: 'remove', path: '/properties/cpus' }]);
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe("Couldn't apply patch '{'op': 'remove', 'path': '/properties/cpus'}'. Reason: can't remove a non-existent object 'cpus'");
  });

  it('refuses to remove the driver', async () => {
    const node = await api.createNode();
    const reply = await patch(node.uuid, [{ op: 'remove', path: '/driver' }]);
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe("Schema error for patch: 'driver' is a required property");
  });

  it('validates the patched node: types, booleans, UUIDs and names', async () => {
    const node = await api.createNode();
    expect(api.error(await patch(node.uuid, [{ op: 'replace', path: '/extra', value: 'x' }])).faultstring).toBe(
      "Schema error for patch: 'x' is not of type 'object', 'null'",
    );
    expect((await patch(node.uuid, [{ op: 'replace', path: '/maintenance', value: 'maybe' }])).statusCode).toBe(400);
    expect(api.error(await patch(node.uuid, [{ op: 'replace', path: '/instance_uuid', value: 'i-1' }])).faultstring).toBe(
      'Expected UUID for instance_uuid: i-1',
    );
    expect(api.error(await patch(node.uuid, [{ op: 'replace', path: '/name', value: 'validate' }])).faultstring).toContain('reserved');
    expect(api.error(await patch(node.uuid, [{ op: 'replace', path: '/name', value: 'a b' }])).faultstring).toBe(
      `Node ${node.uuid}: Cannot change name to invalid name 'a b'`,
    );
  });

  it('refuses to patch fields newer than the requested version with 406', async () => {
    const node = await api.createNode();
    expect((await patch(node.uuid, [{ op: 'replace', path: '/owner', value: 'p' }], { version: '1.49' })).statusCode).toBe(406);
    expect((await patch(node.uuid, [{ op: 'replace', path: '/name', value: 'n' }], { version: '1.4' })).statusCode).toBe(406);
    expect((await patch(node.uuid, [{ op: 'replace', path: '/owner', value: 'p' }], { version: '1.50' })).json().owner).toBe('p');
  });

  it('allows reset_interfaces only from 1.45 and only with a driver change', async () => {
    const node = await api.createNode();
    const ops = [{ op: 'replace', path: '/extra', value: { a: 1 } }];
    expect((await patch(node.uuid, ops, { query: '?reset_interfaces=true', version: '1.44' })).statusCode).toBe(406);
    const reply = await patch(node.uuid, ops, { query: '?reset_interfaces=true' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe("The reset_interfaces parameter can only be used when changing the node's driver.");
    const withDriver = await patch(node.uuid, [{ op: 'replace', path: '/driver', value: 'fake-hardware' }], { query: '?reset_interfaces=true' });
    expect(withDriver.statusCode).toBe(200);
    expect(api.error(await patch(node.uuid, ops, { query: '?force=1' })).faultstring).toBe('Unexpected arguments: force');
  });

  it('refuses a driver no conductor serves with 400', async () => {
    const node = await api.createNode();
    const reply = await patch(node.uuid, [{ op: 'replace', path: '/driver', value: 'ipmi' }]);
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toContain('No valid host was found');
  });

  it('needs 1.25 to remove a chassis, and refuses a chassis that does not exist', async () => {
    const chassis = (await api.request('POST', '/v1/chassis', { body: {} })).json();
    const node = await api.createNode({ chassis_uuid: chassis.uuid });
    expect((await patch(node.uuid, [{ op: 'remove', path: '/chassis_uuid' }], { version: '1.24' })).statusCode).toBe(406);
    const missing = randomUUID();
    const reply = await patch(node.uuid, [{ op: 'replace', path: '/chassis_uuid', value: missing }]);
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe(`Chassis ${missing} could not be found.`);
    expect((await patch(node.uuid, [{ op: 'remove', path: '/chassis_uuid' }], { version: '1.25' })).json().chassis_uuid).toBeNull();
  });

  it('answers 409 while another task holds the node', async () => {
    const node = await api.createNode();
    const host = await api.lockNode(node.uuid);
    const reply = await patch(node.uuid, [{ op: 'replace', path: '/extra', value: { a: 1 } }]);
    expect(reply.statusCode).toBe(409);
    expect(api.error(reply).faultstring).toContain(`is locked by host ${host}`);
    expect((await api.db.repos.nodes.findByUuid(node.uuid))!.extra).toEqual({});
  });

  it('answers 409 while a state transition is in progress', async () => {
    const node = await api.createNode();
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'deploying', target_provision_state = 'active' WHERE uuid = $1`, [node.uuid]);
    const reply = await patch(node.uuid, [{ op: 'replace', path: '/extra', value: { a: 1 } }]);
    expect(reply.statusCode).toBe(409);
  });

  it('refuses a driver change while the console is enabled', async () => {
    const node = await api.createNode();
    await api.db.repos.dataSource.query(`UPDATE nodes SET console_enabled = true WHERE uuid = $1`, [node.uuid]);
    const reply = await patch(node.uuid, [{ op: 'replace', path: '/driver', value: 'fake-hardware2' }]);
    expect(reply.statusCode).toBe(409);
    expect(api.error(reply).faultstring).toContain('Please stop the console first');
  });

  it('answers 404 for a node that does not exist', async () => {
    expect((await patch(randomUUID(), [{ op: 'replace', path: '/extra', value: {} }])).statusCode).toBe(404);
  });
});
