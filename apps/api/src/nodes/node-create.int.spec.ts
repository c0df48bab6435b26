import { randomUUID } from 'node:crypto';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

describe('POST /v1/nodes', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const create = (body: unknown, version?: string) => api.request('POST', '/v1/nodes', { body, version });

  it('creates a node in enroll with interfaces filled in, answering 201, Location and the full node', async () => {
    const reply = await create({ driver: 'fake-hardware', name: 'create-1', properties: { cpus: 8 } });
    expect(reply.statusCode).toBe(201);
    const node = reply.json();
    expect(reply.headers.location).toBe(`${PUBLIC_URL}/v1/nodes/${node.uuid}`);
    expect(node).toMatchObject({
      name: 'create-1',
      driver: 'fake-hardware',
      provision_state: 'enroll',
      power_state: null,
      properties: { cpus: 8 },
      conductor_group: '',
      power_interface: 'fake',
      network_interface: 'flat',
      conductor: api.conductor.hostname,
      driver_info: {},
      traits: [],
    });
    expect(node.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(node.links).toEqual([
      { href: `${PUBLIC_URL}/v1/nodes/${node.uuid}`, rel: 'self' },
      { href: `${PUBLIC_URL}/nodes/${node.uuid}`, rel: 'bookmark' },
    ]);
    expect(node.ports[0].href).toBe(`${PUBLIC_URL}/v1/nodes/${node.uuid}/ports`);
    expect(node.states[0].href).toBe(`${PUBLIC_URL}/v1/nodes/${node.uuid}/states`);
  });

  it('keeps a UUID the client chose', async () => {
    const uuid = randomUUID();
    expect((await create({ driver: 'fake-hardware', uuid })).json().uuid).toBe(uuid);
  });

  it('starts nodes in available below 1.11, shown as null below 1.2', async () => {
    const at10 = await create({ driver: 'fake-hardware' }, '1.10');
    expect(at10.json().provision_state).toBe('available');
    const at1 = await create({ driver: 'fake-hardware' }, '1.1');
    expect(at1.statusCode).toBe(201);
    expect(at1.json().provision_state).toBeNull();
    expect((await api.db.repos.nodes.findByUuid(at1.json().uuid))!.provision_state).toBe('available');
  });

  it('requires a driver', async () => {
    const reply = await create({ name: 'no-driver' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply)).toEqual({ faultcode: 'Client', faultstring: "Schema error for node: 'driver' is a required property", debuginfo: null });
  });

  it('refuses unknown keys, naming them', async () => {
    const reply = await create({ driver: 'fake-hardware', colour: 'blue' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe("Schema error for node: Additional properties are not allowed ('colour' was unexpected)");
  });

  it('refuses fields that are read-only or only settable by PATCH', async () => {
    for (const key of ['power_state', 'provision_state', 'protected', 'traits']) {
      expect((await create({ driver: 'fake-hardware', [key]: null })).statusCode).toBe(400);
    }
  });

  it('refuses wrong types with the jsonschema wording', async () => {
    const reply = await create({ driver: 'fake-hardware', properties: 'cpus=4' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe("Schema error for node: 'cpus=4' is not of type 'object', 'null'");
  });

  it('says 400 NoValidHost when no conductor serves the driver', async () => {
    const reply = await create({ driver: 'ipmi' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toContain('No valid host was found');
    expect(api.error(reply).faultstring).toContain('ipmi');
  });

  it('refuses a chassis that does not exist with 400', async () => {
    const chassis = randomUUID();
    const reply = await create({ driver: 'fake-hardware', chassis_uuid: chassis });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe(`Chassis ${chassis} could not be found.`);
  });

  it('accepts an existing chassis', async () => {
    const chassis = (await api.request('POST', '/v1/chassis', { body: {} })).json();
    const reply = await create({ driver: 'fake-hardware', chassis_uuid: chassis.uuid });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().chassis_uuid).toBe(chassis.uuid);
  });

  it.each([
    ['detail', 'reserved'],
    ['states', 'reserved'],
    ['has space', "Cannot create node with invalid name 'has space'"],
    [randomUUID(), 'Cannot create node with invalid name'],
  ])('refuses the node name %j', async (name, message) => {
    const reply = await create({ driver: 'fake-hardware', name });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toContain(message);
  });

  it('refuses a duplicate name with 409', async () => {
    await api.createNode({ name: 'dup-name' });
    const reply = await create({ driver: 'fake-hardware', name: 'dup-name' });
    expect(reply.statusCode).toBe(409);
    expect(api.error(reply).faultstring).toBe('A node with name dup-name already exists.');
  });

  it('refuses an instance_uuid another node already has with 409', async () => {
    const instance = randomUUID();
    await api.createNode({ instance_uuid: instance });
    expect((await create({ driver: 'fake-hardware', instance_uuid: instance })).statusCode).toBe(409);
  });

  it('refuses fields newer than the requested version with 406, but tolerates name: null', async () => {
    expect((await create({ driver: 'fake-hardware', owner: 'p1' }, '1.49')).statusCode).toBe(406);
    expect((await create({ driver: 'fake-hardware', name: 'old' }, '1.4')).statusCode).toBe(406);
    expect((await create({ driver: 'fake-hardware', name: null }, '1.1')).statusCode).toBe(201);
    expect((await create({ driver: 'fake-hardware', owner: 'p1' }, '1.50')).statusCode).toBe(201);
  });

  it('takes booleans as strings and lower-cases the conductor group for the ring', async () => {
    const reply = await create({ driver: 'fake-hardware', maintenance: 'yes', automated_clean: 'false' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ maintenance: true, automated_clean: false });
    const bad = await create({ driver: 'fake-hardware', maintenance: 'perhaps' });
    expect(bad.statusCode).toBe(400);
    expect(api.error(bad).faultstring).toContain("Invalid maintenance: Unrecognized value 'perhaps'");
  });

  it('refuses a node in a conductor group no conductor serves', async () => {
    const reply = await create({ driver: 'fake-hardware', conductor_group: 'Rack9' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toContain('"rack9"');
  });

  it('refuses a description longer than 4096 characters', async () => {
    expect((await create({ driver: 'fake-hardware', description: 'x'.repeat(4097) })).statusCode).toBe(400);
  });

  it('refuses an invalid uuid', async () => {
    const reply = await create({ driver: 'fake-hardware', uuid: 'not-a-uuid' });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('Expected UUID for uuid: not-a-uuid');
  });

  it('refuses query parameters on create', async () => {
    const reply = await api.request('POST', '/v1/nodes?dry_run=1', { body: { driver: 'fake-hardware' } });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('Unexpected arguments: dry_run');
  });

  it('masks secrets in what it returns', async () => {
    const node = await api.createNode({
      driver_info: { ipmi_address: '10.0.0.1', ipmi_password: 'secret', redfish: { auth_token: 't' }, snmp_priv_key: 'k' },
      instance_info: { image_source: 'http://img', image_url: 'http://swift/tempurl', configdrive: { user_data: 'x' }, admin_password: 'p' },
    });
    expect(node.driver_info).toEqual({ ipmi_address: '10.0.0.1', ipmi_password: '******', redfish: { auth_token: '******' }, snmp_priv_key: '******' });
    expect(node.instance_info).toEqual({ image_source: 'http://img', image_url: '******', configdrive: '******', admin_password: '******' });
    const stored = await api.db.repos.nodes.findByUuid(node.uuid);
    expect(stored!.driver_info.ipmi_password).toBe('secret');
  });
});
