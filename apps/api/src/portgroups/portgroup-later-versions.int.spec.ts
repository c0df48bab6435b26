import { MAX_VERSION } from '@ferrum/contracts';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

/**
 * Port groups over HTTP at 1.102 (physical_network), 1.103 (category), 1.106 (?shard) and 1.111 (dynamic_portgroup). Each is served once the advertised
 * maximum reaches it; until then a request at that version is refused (406) and the served release's schema does
 * not know the field (portgroup-fields and portgroup-list.service.int.spec cover the logic as a later release serves it).
 */
const served = (minor: number) => MAX_VERSION >= minor;
const maybe = (minor: number) => (served(minor) ? describe : describe.skip);

describe('port groups at versions past the advertised maximum', () => {
  let api: ApiHarness;
  let node: { uuid: string; name: string };
  beforeAll(async () => {
    api = await startApiHarness();
    node = await api.createNode({ name: 'later-portgroups-node' });
  });
  afterAll(() => api.close());

  let n = 0;
  const create = (body: Record<string, unknown>, version: string) => api.request('POST', '/v1/portgroups', { body: { node_uuid: node.uuid, name: `later-pg-${++n}`, ...body }, version });
  const refusal = (reply: { statusCode: number }) => [reply.statusCode, api.error(reply as never).faultstring];

  describe.each([102, 103, 106, 111])('1.%i while the maximum is below it', (minor) => {
    it(served(minor) ? 'is served (see below)' : 'refuses a request at that version with 406', async () => {
      if (served(minor)) return expect(MAX_VERSION).toBeGreaterThanOrEqual(minor);
      expect((await api.request('GET', '/v1/portgroups', { version: `1.${minor}` })).statusCode).toBe(406);
    });
  });

  (served(102) ? describe.skip : describe)('before 1.102 is served', () => {
    it('knows neither field, and shows mode to 1.25 as before', async () => {
      for (const field of ['physical_network', 'category']) {
        expect(refusal(await create({ [field]: 'x' }, '1.26'))).toEqual([400, `Schema error for portgroup: Additional properties are not allowed ('${field}' was unexpected)`]);
      }
      const group = (await create({}, '1.26')).json();
      const shown = (await api.request('GET', `/v1/portgroups/${group.uuid}`, { version: '1.25' })).json();
      expect([shown.mode, 'physical_network' in shown]).toEqual(['active-backup', false]);
    });
  });

  maybe(103)('physical_network (1.102) and category (1.103)', () => {
    it('creates and shows them, each from its version, and a patch carries the network to the members', async () => {
      const group = (await create({ physical_network: 'physnet1', category: 'bond' }, '1.103')).json();
      expect([group.physical_network, group.category]).toEqual(['physnet1', 'bond']);
      const at102 = (await api.request('GET', `/v1/portgroups/${group.uuid}`, { version: '1.102' })).json();
      expect([at102.physical_network, 'category' in at102]).toEqual(['physnet1', false]);
      const port = (await api.request('POST', '/v1/ports', { body: { address: '52:54:00:a3:00:01', node_uuid: node.uuid, portgroup_uuid: group.uuid }, version: '1.102' })).json();
      await api.request('PATCH', `/v1/portgroups/${group.uuid}`, { body: [{ op: 'replace', path: '/physical_network', value: 'physnet2' }], version: '1.102' });
      expect((await api.request('GET', `/v1/ports/${port.uuid}`, { version: '1.102' })).json().physical_network).toBe('physnet2');
      const own = await api.request('PATCH', `/v1/ports/${port.uuid}`, { body: [{ op: 'add', path: '/physical_network', value: 'x' }], version: '1.102' });
      expect(refusal(own)).toEqual([400, 'physical_network cannot be changed while the port belongs to a portgroup.']);
    });
  });

  (served(106) ? describe.skip : describe)('before 1.106 is served', () => {
    it('does not know ?shard', async () => {
      expect(refusal(await api.request('GET', '/v1/portgroups?shard=s', { version: '1.82' }))).toEqual([400, 'Unexpected arguments: shard']);
    });
  });

  maybe(106)('?shard (1.106)', () => {
    it('lists the groups of nodes in the shard, and refuses the argument below 1.106', async () => {
      const other = await api.createNode();
      await api.db.repos.dataSource.query("UPDATE nodes SET shard = 'later-shard' WHERE uuid = $1", [other.uuid]);
      const group = (await api.request('POST', '/v1/portgroups', { body: { node_uuid: other.uuid } })).json();
      const listed = (await api.request('GET', '/v1/portgroups?shard=later-shard', { version: '1.106' })).json().portgroups;
      expect(listed.map((g: { uuid: string }) => g.uuid)).toEqual([group.uuid]);
      expect(refusal(await api.request('GET', '/v1/portgroups?shard=later-shard', { version: '1.105' }))).toEqual([
        406,
        'Request not acceptable. The minimal required API version should be 1.106',
      ]);
    });
  });

  maybe(111)('dynamic_portgroup (1.111)', () => {
    it('shows it (false) from 1.111, read-only', async () => {
      const group = (await create({}, '1.111')).json();
      expect(group.dynamic_portgroup).toBe(false);
      expect((await api.request('GET', `/v1/portgroups/${group.uuid}`, { version: '1.110' })).json()).not.toHaveProperty('dynamic_portgroup');
      const patched = await api.request('PATCH', `/v1/portgroups/${group.uuid}`, { body: [{ op: 'add', path: '/dynamic_portgroup', value: true }], version: '1.111' });
      expect(patched.statusCode).toBe(400);
    });
  });
});
