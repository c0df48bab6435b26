import { ApiHarness, Reply, startApiHarness } from '../testing/api-harness';

/**
 * Node version gates past 1.92 over HTTP, each one version below and at the version: GET .../vmedia (1.93),
 * escaped patch paths (1.98), instance_name (1.104) and health (1.109). The reference is Ironic master
 * (ironic/api/controllers/v1/node.py, utils.py, ironic/common/args.py); the unit specs cover the pieces.
 */
describe('nodes at versions 1.93 to 1.109', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const get = (ident: string, version: string, query = '') => api.request('GET', `/v1/nodes/${ident}${query}`, { version });
  const list = (query: string, version: string) => api.request('GET', `/v1/nodes${query}`, { version });
  const patch = (ident: string, ops: unknown[], version: string) => api.request('PATCH', `/v1/nodes/${ident}`, { body: ops, version });
  const create = (body: Record<string, unknown>, version: string) => api.request('POST', '/v1/nodes', { body: { driver: 'fake-hardware', ...body }, version });
  const refusal = (reply: Reply) => [reply.statusCode, api.error(reply).faultstring];
  const uuids = (reply: Reply) => reply.json<{ nodes: { uuid: string }[] }>().nodes.map((n) => n.uuid);

  describe('instance_name (1.104)', () => {
    it('is shown from 1.104 only; asking for it with ?fields below 1.104 is 406', async () => {
      const node = await api.createNode();
      expect((await get(node.uuid, '1.103')).json()).not.toHaveProperty('instance_name');
      expect((await get(node.uuid, '1.104')).json()).toHaveProperty('instance_name', null);
      // Ironic's check_allowed_fields raises a bare NotAcceptable for a field newer than the request.
      expect(refusal(await get(node.uuid, '1.103', '?fields=instance_name'))).toEqual([406, 'Request not acceptable.']);
      expect(refusal(await list('?fields=uuid,instance_name', '1.103'))).toEqual([406, 'Request not acceptable.']);
      const picked = await get(node.uuid, '1.104', '?fields=uuid,instance_name');
      expect([picked.statusCode, picked.json().instance_name, 'name' in picked.json()]).toEqual([200, null, false]);
    });

    it('cannot be given on create below 1.104 (406), except as null, and is stored from 1.104', async () => {
      // Ironic's reject_fields_in_newer_versions: any value but the empty one is refused.
      expect(refusal(await create({ instance_name: 'vm-1' }, '1.103'))).toEqual([406, 'Request not acceptable.']);
      expect((await create({ instance_name: null }, '1.103')).statusCode).toBe(201);
      const created = await create({ instance_name: 'vm-1' }, '1.104');
      expect([created.statusCode, created.json().instance_name]).toEqual([201, 'vm-1']);
    });

    it('is not taken from instance_info.display_name on create (Ironic syncs on PATCH only)', async () => {
      const created = (await create({ instance_info: { display_name: 'from-nova' } }, '1.104')).json();
      expect(created.instance_name).toBeNull();
    });

    it('cannot be set by PATCH below 1.104 (406), but can be removed there, as Ironic ignores removals in that check', async () => {
      const node = (await create({ instance_name: 'vm-2' }, '1.104')).json();
      expect(refusal(await patch(node.uuid, [{ op: 'replace', path: '/instance_name', value: 'other' }], '1.103'))).toEqual([406, 'Request not acceptable.']);
      const renamed = await patch(node.uuid, [{ op: 'replace', path: '/instance_name', value: 'vm-3' }], '1.104');
      expect([renamed.statusCode, renamed.json().instance_name]).toEqual([200, 'vm-3']);
      // reject_patch_in_newer_versions looks at get_patch_values, which skips 'remove' operations.
      const removed = await patch(node.uuid, [{ op: 'remove', path: '/instance_name' }], '1.103');
      expect([removed.statusCode, 'instance_name' in removed.json()]).toEqual([200, false]);
      expect((await get(node.uuid, '1.104')).json().instance_name).toBeNull();
    });

    it('refuses the ?instance_name filter below 1.104 with 406 and filters by it from 1.104, on the list and on detail', async () => {
      const named = (await create({ instance_name: 'filter-me' }, '1.104')).json();
      await api.createNode();
      expect((await list('?instance_name=filter-me', '1.103')).statusCode).toBe(406);
      expect((await list('/detail?instance_name=filter-me', '1.103')).statusCode).toBe(406);
      expect(uuids(await list('?instance_name=filter-me', '1.104'))).toEqual([named.uuid]);
      expect(uuids(await list('/detail?instance_name=filter-me', '1.104'))).toEqual([named.uuid]);
      expect(uuids(await list('?instance_name=nobody', '1.104'))).toEqual([]);
    });

    // Ironic's check_allow_filter_by_instance_name (api/controllers/v1/utils.py) has words of its own, for the list and detail alike.
    it("refuses the ?instance_name filter below 1.104 in Ironic's words", async () => {
      const expected = [406, 'instance_name is not acceptable in this API version'];
      expect(refusal(await list('?instance_name=x', '1.103'))).toEqual(expected);
      expect(refusal(await list('/detail?instance_name=x', '1.103'))).toEqual(expected);
    });

    it('is filled from instance_info.display_name by a PATCH that changes instance_info while the node has none, at any version', async () => {
      const node = await api.createNode();
      // Ironic's NodesController.patch syncs whatever the request's version: Nova (below 1.104) sets display_name.
      await patch(node.uuid, [{ op: 'add', path: '/instance_info/display_name', value: 'web-1' }], '1.82');
      expect((await get(node.uuid, '1.104')).json().instance_name).toBe('web-1');
      // Once named, a new display_name leaves the name alone.
      await patch(node.uuid, [{ op: 'replace', path: '/instance_info/display_name', value: 'web-2' }], '1.82');
      expect((await get(node.uuid, '1.104')).json().instance_name).toBe('web-1');
      // Removing the name alone does not touch instance_info, so nothing is synced...
      await patch(node.uuid, [{ op: 'remove', path: '/instance_name' }], '1.104');
      expect((await get(node.uuid, '1.104')).json().instance_name).toBeNull();
      // ...but any later change to instance_info takes the current display_name, changed or not.
      await patch(node.uuid, [{ op: 'add', path: '/instance_info/image_source', value: 'http://images.test/a.qcow2' }], '1.82');
      expect((await get(node.uuid, '1.104')).json().instance_name).toBe('web-2');
    });

    it('keeps a name set in the same patch as a display_name, and ignores an empty display_name', async () => {
      const node = await api.createNode();
      const both = await patch(
        node.uuid,
        [
          { op: 'add', path: '/instance_name', value: 'chosen' },
          { op: 'add', path: '/instance_info/display_name', value: 'ignored' },
        ],
        '1.104',
      );
      expect([both.statusCode, both.json().instance_name]).toEqual([200, 'chosen']);
      const other = await api.createNode();
      await patch(other.uuid, [{ op: 'add', path: '/instance_info/display_name', value: '' }], '1.104');
      expect((await get(other.uuid, '1.104')).json().instance_name).toBeNull();
    });

    // Ironic looks at the node once the patch is applied (node.py's patch): the name removed there is already gone.
    it('takes the display_name when the same patch removes the name and changes instance_info', async () => {
      const node = (await create({ instance_name: 'old-name' }, '1.104')).json();
      const reply = await patch(
        node.uuid,
        [
          { op: 'remove', path: '/instance_name' },
          { op: 'add', path: '/instance_info/display_name', value: 'new-name' },
        ],
        '1.104',
      );
      expect([reply.statusCode, reply.json().instance_name]).toEqual([200, 'new-name']);
    });
  });

  describe('health (1.109)', () => {
    // Ironic's PATCH_ALLOWED_FIELDS (node.py), which its refusal prints in this order.
    const PATCHABLE =
      'automated_clean, bios_interface, boot_interface, chassis_uuid, conductor_group, console_interface, deploy_interface, ' +
      'description, disable_power_off, driver, driver_info, extra, inspect_interface, instance_info, instance_name, ' +
      'instance_uuid, lessee, maintenance, management_interface, name, network_data, network_interface, owner, ' +
      'power_interface, properties, protected, protected_reason, raid_interface, rescue_interface, resource_class, ' +
      'retired, retired_reason, shard, storage_interface, vendor_interface, parent_node, firmware_interface';

    it('is shown from 1.109 only, null for fake hardware; asking for it with ?fields below 1.109 is 406', async () => {
      const node = await api.createNode();
      expect((await get(node.uuid, '1.108')).json()).not.toHaveProperty('health');
      expect((await get(node.uuid, '1.109')).json()).toHaveProperty('health', null);
      expect(refusal(await get(node.uuid, '1.108', '?fields=health'))).toEqual([406, 'Request not acceptable.']);
      expect(refusal(await list('?fields=uuid,health', '1.108'))).toEqual([406, 'Request not acceptable.']);
      // A value the power sync cached from a BMC (fake hardware reports none).
      await api.db.repos.dataSource.query(`UPDATE nodes SET health = 'Warning' WHERE uuid = $1`, [node.uuid]);
      expect((await get(node.uuid, '1.109', '?fields=health')).json().health).toBe('Warning');
      expect((await get(node.uuid, '1.108')).json()).not.toHaveProperty('health');
      const detail = (await list('/detail', '1.109')).json().nodes.find((n: { uuid: string }) => n.uuid === node.uuid);
      expect(detail.health).toBe('Warning');
    });

    it('is read-only: a PATCH of /health is 400 at 1.108 and 1.109 alike, as it is not a patchable field', async () => {
      const node = await api.createNode();
      // patch_validate_allowed_fields runs before the version check, so the version makes no difference.
      for (const version of ['1.108', '1.109']) {
        expect(refusal(await patch(node.uuid, [{ op: 'replace', path: '/health', value: 'OK' }], version))).toEqual([
          400,
          `Cannot patch /health. Only the following can be updated: ${PATCHABLE}`,
        ]);
      }
      expect((await get(node.uuid, '1.109')).json().health).toBeNull();
    });

    it("cannot be given on create: it is not in the node schema", async () => {
      expect(refusal(await create({ health: 'OK' }, '1.109'))).toEqual([400, "Schema error for node: Additional properties are not allowed ('health' was unexpected)"]);
    });
  });

  describe('escaped patch paths (1.98)', () => {
    // 1.98 decodes ~0/~1 in the first segment only (utils.py decode_json_pointer), but the patch body is first checked
    // against args.patch, whose path pattern ^(/[\w-]+)+$ (ironic/common/args.py:419) admits no '~' at any version.
    it.each(['1.97', '1.98'])('refuses ~1 and ~0 in a path at %s with the patch schema error', async (version) => {
      const node = await api.createNode({ extra: { keep: 'me' } });
      for (const path of ['/extra/a~1b', '/extra/a~0b']) {
        expect(refusal(await patch(node.uuid, [{ op: 'add', path, value: 'x' }], version))).toEqual([
          400,
          `Schema error for patch: '${path}' does not match '^(/[\\\\w-]+)+$'`,
        ]);
      }
      expect((await get(node.uuid, version)).json().extra).toEqual({ keep: 'me' });
    });
  });

  describe('GET /v1/nodes/{n}/vmedia (1.93)', () => {
    it("is the handler's own 404 at 1.92", async () => {
      const node = await api.createNode();
      // NodeVmediaController.get: pecan.abort(404) unless allow_get_vmedia(), rendered by the framework, not as a fault.
      const reply = await api.request('GET', `/v1/nodes/${node.uuid}/vmedia`, { version: '1.92' });
      expect([reply.statusCode, api.error(reply)]).toEqual([404, { code: 404, title: 'Not Found', description: '' }]);
    });

    it('answers 400 at 1.93 for a fake-hardware node, whose management interface has no virtual media', async () => {
      const node = await api.createNode();
      // ManagementInterface.get_virtual_media's default raises UnsupportedDriverExtension, an Invalid (400);
      // the conductor lists it in expected_exceptions, so the API passes it on as it is.
      const reply = await api.request('GET', `/v1/nodes/${node.uuid}/vmedia`, { version: '1.93' });
      expect(refusal(reply)).toEqual([400, 'Driver fake-hardware does not support get_virtual_media (disabled or not implemented).']);
      expect((await api.request('GET', '/v1/nodes/no-such-node/vmedia', { version: '1.93' })).statusCode).toBe(404);
    });
  });
});
