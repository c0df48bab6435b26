import type { PortRecord } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import { ApiHarness, startApiHarness } from '../testing/api-harness';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { PortWriteService } from './port-write.service';
import { PortView } from './port.view';
import { requestAt, refusal } from '../testing/service-calls';

/**
 * Port create and update through the service as releases past Ferrum's advertised maximum serve them (the HTTP
 * routes refuse those versions until the maximum reaches them): 1.90 OVN VTEP links, 1.94 node_ident, 1.97
 * description, 1.100 vendor, 1.101 category. The real database and conductor; texts are Ironic's.
 */
const request = requestAt;
const serving = (maximum: number) =>
  class extends PortWriteService {
    protected override servedMaximum(): number {
      return maximum;
    }
  };

const failure = refusal;

describe('PortWriteService past the advertised maximum', () => {
  let api: ApiHarness;
  let view: PortView;
  let node: { uuid: string; name: string };
  const writer = (maximum: number) =>
    new (serving(maximum))(api.app.get<ApiConfig>(CONFIG), api.app.get<Repositories>(REPOS), api.app.get<ConductorRouter>(ROUTER), api.app.get(Authorizer));
  beforeAll(async () => {
    api = await startApiHarness();
    view = api.app.get(PortView);
    node = await api.createNode({ name: 'later-ports-node' });
  });
  afterAll(() => api.close());

  let mac = 0;
  const address = () => `52:54:00:90:00:${(++mac).toString(16).padStart(2, '0')}`;
  const create = (maximum: number, version: number, body: Record<string, unknown>) => writer(maximum).create(request(version), { address: address(), node_uuid: node.uuid, ...body });
  const show = (port: PortRecord, version: number) => view.render(port, request(version));

  describe('OVN VTEP switch in local_link_connection (1.90)', () => {
    const ovn = { port_id: 'Ethernet1', 'vtep-logical-switch': 'ls-1', 'vtep-physical-switch': 'ps-1' };

    it('is stored from 1.90 and shown from 1.90; below, the link is shown as {} (below 1.19 not at all)', async () => {
      const port = await create(90, 90, { local_link_connection: ovn });
      expect(port.local_link_connection).toEqual(ovn);
      expect(show(port, 90).local_link_connection).toEqual(ovn);
      expect(show(port, 89).local_link_connection).toEqual({});
      expect(show(port, 18)).not.toHaveProperty('local_link_connection');
      const plain = await create(90, 90, { local_link_connection: { port_id: 'p', switch_id: '0a:1b:2c:3d:4e:5f' } });
      expect(show(plain, 89).local_link_connection).toEqual({ port_id: 'p', switch_id: '0a:1b:2c:3d:4e:5f' });
    });

    it('is refused on create below 1.90 (406), after the schema (400 for a switch without its pair)', async () => {
      expect(await failure(create(90, 89, { local_link_connection: ovn }))).toEqual({ status: 406, message: 'Request not acceptable.' });
      expect(await failure(create(90, 89, { local_link_connection: { port_id: 'p', 'vtep-physical-switch': 'ps' } }))).toEqual({
        status: 400,
        message:
          "Schema error for local_link_connection: {'port_id': 'p', 'vtep-physical-switch': 'ps'} is not valid under any of the given schemas. Possible root cause: 'vtep-logical-switch' is a dependency of 'vtep-physical-switch'",
      });
    });

    it('is set by a PATCH below 1.90, as Ironic checks only a create', async () => {
      const port = await create(90, 90, {});
      const patched = await writer(90).update(request(89), port.uuid, [{ op: 'replace', path: '/local_link_connection', value: ovn }]);
      expect(patched.local_link_connection).toEqual(ovn);
    });

    it('is refused on create from 1.105 (Ironic 34 removed it), shown as {} there, and still set by a PATCH', async () => {
      expect(await failure(create(105, 105, { local_link_connection: ovn }))).toEqual({ status: 406, message: 'Request not acceptable.' });
      const port = await create(105, 104, { local_link_connection: ovn });
      expect(show(port, 104).local_link_connection).toEqual(ovn);
      expect(show(port, 105).local_link_connection).toEqual({});
      const patched = await writer(105).update(request(105), port.uuid, [{ op: 'add', path: '/local_link_connection/port_id', value: 'p2' }]);
      expect(patched.local_link_connection).toEqual({ ...ovn, port_id: 'p2' });
    });

    it('is unknown to a release before 1.90, whose schema refuses the keys', async () => {
      const refused = await failure(create(89, 89, { local_link_connection: ovn }));
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/Additional properties are not allowed \('vtep-logical-switch', 'vtep-physical-switch' were unexpected\)$/);
    });
  });

  describe('node_ident on create (1.94)', () => {
    const byIdent = (version: number, body: Record<string, unknown>) => writer(94).create(request(version), { address: address(), ...body });

    it('names the node by name or UUID', async () => {
      expect((await byIdent(94, { node_ident: node.name })).node_uuid).toBe(node.uuid);
      expect((await byIdent(94, { node_ident: node.uuid })).node_uuid).toBe(node.uuid);
    });

    it('is refused below 1.94 (406), unless empty, which falls back to node_uuid (absent: None)', async () => {
      expect(await failure(byIdent(93, { node_ident: node.name }))).toEqual({ status: 406, message: 'Request not acceptable.' });
      expect(await failure(byIdent(93, { node_ident: '' }))).toEqual({ status: 400, message: 'Expected a logical name or UUID but received None.' });
    });

    it("says NodeNotFound naming node_uuid, which is None, as Ironic's post does", async () => {
      expect(await failure(byIdent(94, { node_ident: 'no-such-node' }))).toEqual({ status: 400, message: 'Node None could not be found.' });
      expect(await failure(byIdent(94, { node_ident: '7f3a8a9e-8a43-4a47-9d51-0f0b3e0e8a01' }))).toEqual({ status: 400, message: 'Node None could not be found.' });
      expect(await failure(byIdent(94, { node_ident: 'bad name' }))).toEqual({ status: 400, message: 'Expected a logical name or UUID but received bad name.' });
    });

    it("is patchable by name only: Ironic's patch cannot add a field the port does not have, nor replace it", async () => {
      const port = await create(94, 94, {});
      const added = await failure(writer(94).update(request(94), port.uuid, [{ op: 'add', path: '/node_ident', value: node.name }]));
      expect(added).toEqual({ status: 400, message: 'Adding a new attribute (/node_ident) to the root of the resource is not allowed' });
      const old = await failure(writer(93).update(request(93), port.uuid, [{ op: 'add', path: '/node_ident', value: node.name }]));
      expect(old.message).toMatch(/^Cannot patch \/node_ident\. Only the following can be updated: address, extra, is_smartnic, local_link_connection, node_uuid,/);
    });

    it('still refuses removing node_uuid (Ironic fails reading it, a 500), though node_ident would satisfy the schema', async () => {
      const port = await create(94, 94, {});
      const refused = await failure(writer(94).update(request(94), port.uuid, [{ op: 'remove', path: '/node_uuid' }]));
      expect(refused).toEqual({ status: 400, message: "Schema error for patch: 'node_uuid' is a required property" });
    });
  });

  describe.each([
    ['description', 97, 'A port on the left'],
    ['vendor', 100, 'mellanox'],
    ['category', 101, 'smartnic'],
  ] as const)('%s (1.%i)', (field, since, value) => {
    it('is stored on create from its version and shown from it only', async () => {
      const port = await create(101, since, { [field]: value });
      expect(port[field]).toBe(value);
      expect(show(port, since)[field]).toBe(value);
      expect(show(port, since - 1)).not.toHaveProperty(field);
      expect(show(await create(101, since, {}), since)[field]).toBeNull();
    });

    it('is refused on create below its version (406), even null', async () => {
      for (const v of [value, null]) expect(await failure(create(101, since - 1, { [field]: v }))).toEqual({ status: 406, message: 'Request not acceptable.' });
    });

    it('is patched at any version, as Ironic checks only a create, and removed as null', async () => {
      const port = await create(101, 101, {});
      expect((await writer(101).update(request(since - 1), port.uuid, [{ op: 'add', path: `/${field}`, value }]))[field]).toBe(value);
      expect((await writer(101).update(request(since), port.uuid, [{ op: 'remove', path: `/${field}` }]))[field]).toBeNull();
    });

    it('is unknown to an older release: refused by the schema on create and not patchable', async () => {
      expect((await failure(create(since - 1, since - 1, { [field]: value }))).message).toBe(`Schema error for port: Additional properties are not allowed ('${field}' was unexpected)`);
      const port = await create(since - 1, since - 1, {});
      expect((await failure(writer(since - 1).update(request(since - 1), port.uuid, [{ op: 'add', path: `/${field}`, value }]))).message).toMatch(/^Cannot patch /);
    });
  });

  it("finds the node before it checks the fields' versions, as Ironic's post does", async () => {
    const missing = '7f3a8a9e-8a43-4a47-9d51-0f0b3e0e8a02';
    const refused = await failure(writer(101).create(request(96), { address: address(), node_uuid: missing, description: 'x' }));
    expect(refused).toEqual({ status: 400, message: `Node ${missing} could not be found.` });
  });

  it('refuses a description, vendor or category longer than its column', async () => {
    for (const [field, length] of [['description', 255], ['vendor', 32], ['category', 80]] as const) {
      const refused = await failure(create(101, 101, { [field]: 'x'.repeat(length + 1) }));
      expect(refused).toEqual({ status: 400, message: `Schema error for port: '${'x'.repeat(length + 1)}' is too long` });
    }
  });

  describe('available_for_dynamic_portgroup (1.111)', () => {
    const field = 'available_for_dynamic_portgroup';

    it('defaults to true, is set on create from 1.111 and shown from 1.111', async () => {
      const port = await create(111, 111, {});
      expect(port[field]).toBe(true);
      const off = await create(111, 111, { [field]: false });
      expect([off[field], show(off, 111)[field], field in show(off, 110)]).toEqual([false, false, false]);
      expect(await failure(create(111, 110, { [field]: false }))).toEqual({ status: 406, message: 'Request not acceptable.' });
    });

    it('takes a JSON boolean only', async () => {
      for (const [value, text] of [[null, 'None'], ['false', "'false'"]] as const) {
        expect(await failure(create(111, 111, { [field]: value }))).toEqual({ status: 400, message: `Schema error for port: ${text} is not of type 'boolean'` });
      }
    });

    it('is patched at any version of a release that has it (Ironic checks only a create), and removed as true', async () => {
      const port = await create(111, 111, {});
      expect((await writer(111).update(request(110), port.uuid, [{ op: 'replace', path: `/${field}`, value: false }]))[field]).toBe(false);
      expect((await writer(111).update(request(111), port.uuid, [{ op: 'remove', path: `/${field}` }]))[field]).toBe(true);
      expect((await failure(writer(110).update(request(110), port.uuid, [{ op: 'add', path: `/${field}`, value: false }]))).message).toMatch(/^Cannot patch /);
      expect((await failure(create(110, 110, { [field]: true }))).message).toBe(`Schema error for port: Additional properties are not allowed ('${field}' was unexpected)`);
    });
  });
});
