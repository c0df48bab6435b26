import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import { Links } from '../common/links';
import { NodeLookup } from '../nodes/node-lookup';
import { PortWriteService } from '../ports/port-write.service';
import { ApiHarness, startApiHarness } from '../testing/api-harness';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { PortgroupService } from './portgroup.service';
import { PortgroupView } from './portgroup.view';
import { requestAt, refusal } from '../testing/service-calls';

/**
 * Port group physical_network (1.102), category (1.103) and dynamic_portgroup (1.111) through the services as Ironic 33 serves them (the HTTP
 * routes refuse those versions until the advertised maximum reaches them). The real database and conductor.
 */
const request = requestAt;

const failure = refusal;

describe('PortgroupService: physical_network (1.102) and category (1.103)', () => {
  let api: ApiHarness;
  let node: { uuid: string };
  const groups = (maximum: number) => {
    const Serving = class extends PortgroupService {
      protected override servedMaximum(): number {
        return maximum;
      }
    };
    return new Serving(
      api.app.get<ApiConfig>(CONFIG), api.app.get<Repositories>(REPOS), api.app.get<ConductorRouter>(ROUTER), api.app.get(NodeLookup), api.app.get(PortgroupView), api.app.get(Links), api.app.get(Authorizer),
    );
  };
  const ports = (maximum: number) => {
    const Serving = class extends PortWriteService {
      protected override servedMaximum(): number {
        return maximum;
      }
    };
    return new Serving(api.app.get<ApiConfig>(CONFIG), api.app.get<Repositories>(REPOS), api.app.get<ConductorRouter>(ROUTER), api.app.get(Authorizer));
  };
  beforeAll(async () => {
    api = await startApiHarness();
    node = await api.createNode({ name: 'portgroup-fields-node' });
  });
  afterAll(() => api.close());

  let n = 0;
  const create = (maximum: number, version: number, body: Record<string, unknown> = {}) =>
    groups(maximum).create(request(version), { node_uuid: node.uuid, name: `pg-fields-${++n}`, ...body });
  const show = (maximum: number, version: number, uuid: string, args: Record<string, string> = {}) => groups(maximum).show(request(version), uuid, args);

  it('takes both at any requested version once served, and shows one group only from their versions (mode and properties from 1.26)', async () => {
    const group = await create(103, 50, { physical_network: 'physnet1', category: 'storage' });
    expect([group.physical_network, group.category]).toEqual(['physnet1', 'storage']);
    expect(await show(103, 103, group.uuid)).toMatchObject({ physical_network: 'physnet1', category: 'storage', mode: 'active-backup' });
    const at102 = await show(103, 102, group.uuid);
    expect(at102.physical_network).toBe('physnet1');
    expect(at102).not.toHaveProperty('category');
    expect(Object.keys(await show(103, 101, group.uuid))).not.toEqual(expect.arrayContaining(['physical_network']));
    const at25 = await show(103, 25, group.uuid);
    expect(['mode', 'properties', 'physical_network', 'category'].filter((f) => f in at25)).toEqual([]);
    // Asked for by ?fields below their version: accepted, then hidden.
    expect(await show(103, 50, group.uuid, { fields: 'category,name' })).toEqual({ name: group.name, links: expect.any(Array) });
  });

  it('before Ironic 33 knows neither: the schema refuses them and one group shows mode at 1.25 as before', async () => {
    expect(await failure(create(101, 101, { physical_network: 'p' }))).toEqual({
      status: 400,
      message: "Schema error for portgroup: Additional properties are not allowed ('physical_network' was unexpected)",
    });
    expect(await failure(create(102, 102, { category: 'c' }))).toEqual({
      status: 400,
      message: "Schema error for portgroup: Additional properties are not allowed ('category' was unexpected)",
    });
    const group = await create(101, 101);
    const shown = await show(101, 25, group.uuid);
    expect(shown.mode).toBe('active-backup');
    expect(shown).not.toHaveProperty('physical_network');
    expect(await failure(show(101, 101, group.uuid, { fields: 'category' }))).toEqual({ status: 400, message: 'Field(s) "category" are not valid' });
  });

  it("checks the columns' lengths (64 and 80)", async () => {
    const long = 'x'.repeat(65);
    expect(await failure(create(103, 103, { physical_network: long }))).toEqual({ status: 400, message: `Schema error for portgroup: '${long}' is too long` });
    expect((await create(103, 103, { category: 'c'.repeat(80) })).category).toHaveLength(80);
  });

  it('lists both in every item at every version (Ironic leaves list items unsanitised), and sorts by them', async () => {
    const group = await create(103, 103, { physical_network: 'physnet-list', category: 'list' });
    const { portgroups } = await groups(103).list(request(30), { node: node.uuid }, true);
    expect(portgroups.find((g) => g.uuid === group.uuid)).toMatchObject({ physical_network: 'physnet-list', category: 'list', mode: 'active-backup' });
    const sorted = await groups(103).list(request(103), { sort_key: 'physical_network', fields: 'uuid,physical_network' }, false);
    expect(sorted.portgroups.every((g) => Object.keys(g).sort().join() === 'links,physical_network,uuid')).toBe(true);
    expect(await failure(groups(101).list(request(101), { sort_key: 'physical_network' }, true))).toEqual({
      status: 400,
      message: 'The sort_key value "physical_network" is an invalid field for sorting',
    });
    expect(await failure(groups(102).list(request(101), { sort_key: 'category' }, true))).toMatchObject({ status: 400 });
  });

  describe('PATCH', () => {
    const patch = (maximum: number, version: number, uuid: string, ops: unknown[]) => groups(maximum).update(request(version), uuid, ops);
    const member = async (group: string, physicalNetwork: string | null) => {
      const port = await ports(103).create(request(103), { address: `52:54:00:a2:00:${(++n).toString(16).padStart(2, '0')}`, node_uuid: node.uuid, portgroup_uuid: group, physical_network: physicalNetwork });
      return port.uuid;
    };
    const networkOf = async (uuid: string) => (await api.app.get<Repositories>(REPOS).ports.getByUuid(uuid)).physical_network;

    it('gives a new physical_network to every member port, and lists the new fields as patchable', async () => {
      const group = await create(103, 103);
      const [a, b] = [await member(group.uuid, 'old'), await member(group.uuid, null)];
      const patched = await patch(103, 103, group.uuid, [{ op: 'add', path: '/physical_network', value: 'physnet2' }, { op: 'add', path: '/category', value: 'c' }]);
      expect([patched.physical_network, patched.category]).toEqual(['physnet2', 'c']);
      expect([await networkOf(a), await networkOf(b)]).toEqual(['physnet2', 'physnet2']);
      // Ironic looks at the first operation only: the members keep theirs when another comes first.
      await patch(103, 103, group.uuid, [{ op: 'add', path: '/name', value: 'pg-renamed' }, { op: 'replace', path: '/physical_network', value: 'physnet3' }]);
      expect(await networkOf(a)).toBe('physnet2');
      // A remove clears them (Ironic fails with a 500 there).
      expect((await patch(103, 103, group.uuid, [{ op: 'remove', path: '/physical_network' }])).physical_network).toBeNull();
      expect(await networkOf(b)).toBeNull();
      expect(await failure(patch(102, 102, group.uuid, [{ op: 'add', path: '/category', value: 'c' }]))).toEqual({
        status: 400,
        message: 'Cannot patch /category. Only the following can be updated: address, extra, mode, name, node_uuid, properties, standalone_ports_supported, physical_network',
      });
    });

    it("refuses changing a member port's own physical_network from 1.102", async () => {
      const group = await create(103, 103, { physical_network: 'physnet-m' });
      const port = await member(group.uuid, null);
      const ops = [{ op: 'add', path: '/physical_network', value: 'mine' }];
      expect(await failure(ports(103).update(request(102), port, ops))).toEqual({
        status: 400,
        message: 'physical_network cannot be changed while the port belongs to a portgroup.',
      });
      expect((await ports(103).update(request(101), port, ops)).physical_network).toBe('mine');
      const alone = await ports(103).create(request(103), { address: '52:54:00:a2:ff:01', node_uuid: node.uuid });
      expect((await ports(103).update(request(103), alone.uuid, ops)).physical_network).toBe('mine');
    });
  });

  describe('dynamic_portgroup (1.111)', () => {
    it('is false for a group the API creates, shown from 1.111 in one group and in list items at every version', async () => {
      const group = await create(111, 111);
      expect(group.dynamic_portgroup).toBe(false);
      expect((await show(111, 111, group.uuid)).dynamic_portgroup).toBe(false);
      expect(await show(111, 110, group.uuid)).not.toHaveProperty('dynamic_portgroup');
      const { portgroups } = await groups(111).list(request(30), { node: node.uuid }, true);
      expect(portgroups.find((g) => g.uuid === group.uuid)).toHaveProperty('dynamic_portgroup', false);
      expect(await show(110, 110, group.uuid)).not.toHaveProperty('dynamic_portgroup');
    });

    it('is read-only', async () => {
      expect((await failure(create(111, 111, { dynamic_portgroup: true }))).message).toBe(
        "Schema error for portgroup: Additional properties are not allowed ('dynamic_portgroup' was unexpected)",
      );
      const group = await create(111, 111);
      expect((await failure(groups(111).update(request(111), group.uuid, [{ op: 'add', path: '/dynamic_portgroup', value: true }]))).message).toMatch(
        /^Cannot patch \/dynamic_portgroup\. Only the following can be updated: .*, physical_network, category$/,
      );
    });

    it('may be asked for (?fields) and sorted by from 1.111 only (406 below)', async () => {
      const notAcceptable = { status: 406, message: 'Request not acceptable.' };
      expect(await failure(groups(111).list(request(110), { fields: 'uuid,dynamic_portgroup' }, false))).toEqual(notAcceptable);
      expect(await failure(groups(111).list(request(110), { sort_key: 'dynamic_portgroup' }, true))).toEqual(notAcceptable);
      const sorted = await groups(111).list(request(111), { sort_key: 'dynamic_portgroup', fields: 'dynamic_portgroup' }, false);
      expect(sorted.portgroups.length).toBeGreaterThan(0);
    });
  });
});
