import { MAX_VERSION } from '@ferrum/contracts';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

/**
 * Ports over HTTP at 1.90 (OVN VTEP links), 1.94 (node_ident), 1.97 (description, ?description_contains),
 * 1.99 (?conductor_groups), 1.100 (vendor), 1.101 (category), 1.105 (OVN VTEP links removed again) and 1.111
 * (available_for_dynamic_portgroup). Each is served once the advertised maximum
 * reaches it; until then a request at that version is refused (406), and the served release's schema and list
 * arguments do not know the field (the services' specs cover the rest: port-write/port-list.service.int.spec).
 */
const served = (minor: number) => MAX_VERSION >= minor;
const maybe = (minor: number) => (served(minor) ? describe : describe.skip);

describe('ports at versions past the advertised maximum', () => {
  let api: ApiHarness;
  let node: { uuid: string; name: string };
  beforeAll(async () => {
    api = await startApiHarness();
    node = await api.createNode({ name: 'later-versions-node' });
  });
  afterAll(() => api.close());

  let mac = 0;
  const address = () => `52:54:00:9a:00:${(++mac).toString(16).padStart(2, '0')}`;
  const create = (body: Record<string, unknown>, version: string) => api.request('POST', '/v1/ports', { body: { address: address(), ...body }, version });
  const refusal = (reply: { statusCode: number }) => [reply.statusCode, api.error(reply as never).faultstring];

  describe.each([90, 94, 97, 99, 100, 101, 105, 111])('1.%i while the maximum is below it', (minor) => {
    it(served(minor) ? 'is served (see below)' : 'refuses a request at that version with 406', async () => {
      if (served(minor)) return expect(MAX_VERSION).toBeGreaterThanOrEqual(minor);
      expect((await api.request('GET', '/v1/ports', { version: `1.${minor}` })).statusCode).toBe(406);
    });
  });

  (served(90) ? describe.skip : describe)('before 1.90 is served', () => {
    it('refuses the VTEP keys with the schema of the served release, and shows a stored OVN link as {}', async () => {
      const ovn = { port_id: 'p', 'vtep-logical-switch': 'ls', 'vtep-physical-switch': 'ps' };
      const refused = await create({ node_uuid: node.uuid, local_link_connection: ovn }, '1.89');
      expect(refused.statusCode).toBe(400);
      expect(api.error(refused).faultstring).toMatch(/Additional properties are not allowed \('vtep-logical-switch', 'vtep-physical-switch' were unexpected\)$/);
      const port = (await create({ node_uuid: node.uuid }, '1.89')).json();
      await api.db.repos.dataSource.query('UPDATE ports SET local_link_connection = $1 WHERE uuid = $2', [JSON.stringify(ovn), port.uuid]);
      expect((await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.89' })).json().local_link_connection).toEqual({});
    });
  });

  (served(94) ? describe.skip : describe)('before 1.94 is served', () => {
    it("refuses node_ident with the served schema, which requires node_uuid", async () => {
      expect(refusal(await create({ node_ident: node.name }, '1.89'))).toEqual([400, "Schema error for port: 'node_uuid' is a required property"]);
    });
  });

  (served(97) ? describe.skip : describe)('before 1.97, 1.99, 1.100 and 1.101 are served', () => {
    it('knows neither the fields nor the list arguments', async () => {
      for (const field of ['description', 'vendor', 'category']) {
        expect(refusal(await create({ node_uuid: node.uuid, [field]: 'x' }, '1.89'))).toEqual([400, `Schema error for port: Additional properties are not allowed ('${field}' was unexpected)`]);
      }
      for (const [path, arg] of [['/v1/ports', 'description_contains'], ['/v1/ports/detail', 'conductor_groups'], ['/v1/portgroups', 'conductor_groups']]) {
        expect(refusal(await api.request('GET', `${path}?${arg}=x`, { version: '1.89' }))).toEqual([400, `Unexpected arguments: ${arg}`]);
      }
    });
  });

  maybe(90)('OVN VTEP links (1.90)', () => {
    it('creates a port with one from 1.90, shown as {} below', async () => {
      const ovn = { port_id: 'p', 'vtep-logical-switch': 'ls', 'vtep-physical-switch': 'ps' };
      expect((await create({ node_uuid: node.uuid, local_link_connection: ovn }, '1.89')).statusCode).toBe(406);
      const port = await create({ node_uuid: node.uuid, local_link_connection: ovn }, '1.90');
      expect([port.statusCode, port.json().local_link_connection]).toEqual([201, ovn]);
      expect((await api.request('GET', `/v1/ports/${port.json().uuid}`, { version: '1.89' })).json().local_link_connection).toEqual({});
    });
  });

  maybe(94)('node_ident (1.94)', () => {
    it('creates a port on a node named by name; an unknown one is "Node None"', async () => {
      const port = await create({ node_ident: node.name }, '1.94');
      expect([port.statusCode, port.json().node_uuid]).toEqual([201, node.uuid]);
      expect(refusal(await create({ node_ident: node.name }, '1.93'))).toEqual([406, 'Request not acceptable.']);
      expect(refusal(await create({ node_ident: 'no-such-node' }, '1.94'))).toEqual([400, 'Node None could not be found.']);
    });
  });

  maybe(97)('description (1.97)', () => {
    it('creates, shows and filters by it', async () => {
      const port = (await create({ node_uuid: node.uuid, description: 'Uplink A' }, '1.97')).json();
      expect(port.description).toBe('Uplink A');
      expect((await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.96' })).json()).not.toHaveProperty('description');
      const listed = (await api.request('GET', '/v1/ports?description_contains=Uplink', { version: '1.1' })).json().ports;
      expect(listed.map((p: { uuid: string }) => p.uuid)).toEqual([port.uuid]);
    });
  });

  maybe(99)('conductor_groups (1.99)', () => {
    it('filters ports and port groups by their node\'s conductor group', async () => {
      const other = await api.createNode();
      const port = (await create({ node_uuid: other.uuid }, '1.99')).json();
      await api.db.repos.dataSource.query("UPDATE nodes SET conductor_group = 'g99' WHERE uuid = $1", [other.uuid]);
      const listed = (await api.request('GET', '/v1/ports?conductor_groups=G99', { version: '1.1' })).json().ports;
      expect(listed.map((p: { uuid: string }) => p.uuid)).toEqual([port.uuid]);
      expect((await api.request('GET', '/v1/portgroups?conductor_groups=g99', { version: '1.99' })).json().portgroups).toEqual([]);
    });
  });

  maybe(101)('vendor (1.100) and category (1.101)', () => {
    it('creates and shows them, each from its version', async () => {
      const port = (await create({ node_uuid: node.uuid, vendor: 'mellanox', category: 'smartnic' }, '1.101')).json();
      expect([port.vendor, port.category]).toEqual(['mellanox', 'smartnic']);
      const at100 = (await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.100' })).json();
      expect([at100.vendor, 'category' in at100]).toEqual(['mellanox', false]);
    });
  });

  maybe(105)('OVN VTEP links removed (1.105)', () => {
    it('refuses creating one from 1.105 and shows a stored one as {} there', async () => {
      const ovn = { port_id: 'p', 'vtep-logical-switch': 'ls', 'vtep-physical-switch': 'ps' };
      expect(refusal(await create({ node_uuid: node.uuid, local_link_connection: ovn }, '1.105'))).toEqual([406, 'Request not acceptable.']);
      const port = (await create({ node_uuid: node.uuid, local_link_connection: ovn }, '1.104')).json();
      expect((await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.105' })).json().local_link_connection).toEqual({});
    });
  });

  (served(111) ? describe.skip : describe)('before 1.111 is served', () => {
    it('does not know available_for_dynamic_portgroup', async () => {
      const field = 'available_for_dynamic_portgroup';
      expect(refusal(await create({ node_uuid: node.uuid, [field]: false }, '1.82'))).toEqual([400, `Schema error for port: Additional properties are not allowed ('${field}' was unexpected)`]);
    });
  });

  maybe(111)('available_for_dynamic_portgroup (1.111)', () => {
    it('creates a port with it from 1.111 (true by default), hidden below', async () => {
      const port = (await create({ node_uuid: node.uuid, available_for_dynamic_portgroup: false }, '1.111')).json();
      expect(port.available_for_dynamic_portgroup).toBe(false);
      expect((await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.110' })).json()).not.toHaveProperty('available_for_dynamic_portgroup');
      expect((await create({ node_uuid: node.uuid }, '1.111')).json().available_for_dynamic_portgroup).toBe(true);
    });
  });
});
