import { ProvisionNode, SetPowerState } from '@ferrum/contracts';
import { InspectorHarness, inspectionPayload, randomMac } from './inspector-harness';

/** The same flow with the non-default settings: overwrite, every NIC a port, keep only reported ports, discovery, rules. */
describe('in-band inspection with overwrite_existing, add_ports=all, keep_ports=present and discovery', () => {
  const h = new InspectorHarness();
  beforeAll(
    () =>
      h.start({
        FERRUM_INSPECTOR_OVERWRITE_EXISTING: 'true',
        FERRUM_INSPECTOR_ADD_PORTS: 'all',
        FERRUM_INSPECTOR_KEEP_PORTS: 'present',
        FERRUM_INSPECTOR_DISCOVERY: 'true',
        FERRUM_INSPECTOR_BOOT_MODE_CAPABILITY: 'true',
        FERRUM_INSPECTOR_PERMIT_ACTIVE_INTROSPECTION: 'true',
      }),
    60_000,
  );
  afterAll(() => h.stop());

  const inspect = async (uuid: string) => {
    await h.call(ProvisionNode, { node_uuid: uuid, event: 'inspect', params: {} });
    await h.untilIntrospection(uuid, 'waiting');
  };
  const ports = async (uuid: string) => (await h.db.repos.ports.list({ node_id: (await h.node(uuid)).id }, { limit: 100, sortKey: 'id', sortDir: 'asc' })).map((p) => [p.address, p.pxe_enabled]);

  it('replaces existing properties, creates a port per NIC and deletes ports of NICs the machine no longer has', async () => {
    const [pxe, other, gone] = [randomMac(), randomMac(), randomMac()];
    const node = await h.manageableNode({ macs: [pxe, gone], properties: { cpus: '2', memory_mb: '1024', root_device: { size: '>= 200' } as never } });
    await inspect(node.uuid);
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac: pxe }, { name: 'eth1', mac: other, ip: null }]));
    expect(res.status).toBe(200);
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    // The root device hint picks the 500 GiB disk.
    expect(done.properties).toMatchObject({ cpus: '8', memory_mb: '16384', local_gb: '499' });
    expect(done.properties.capabilities as string).toContain('boot_mode:uefi');
    expect((await ports(node.uuid)).sort()).toEqual([[other, false], [pxe, true]].sort());
  });

  it('reapplies processing to stored or new data without rebooting the node', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    expect((await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]))).status).toBe(200);
    await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation && n.power_state === 'power off');
    await h.untilIntrospection(node.uuid, 'finished');

    const changed = inspectionPayload([{ name: 'eth0', mac }]);
    changed.inventory.cpu.count = 32;
    expect((await h.http('POST', `/v1/introspection/${node.uuid}/data/unprocessed`, changed)).status).toBe(202);
    await h.until(node.uuid, (n) => n.properties.cpus === '32');
    await h.untilIntrospection(node.uuid, 'finished');
    expect((await h.http('GET', `/v1/introspection/${node.uuid}/data/unprocessed`)).body.inventory.cpu.count).toBe(32);
    // Reapplying is not a boot: the node stays off and in manageable.
    expect(await h.node(node.uuid)).toMatchObject({ provision_state: 'manageable', power_state: 'power off' });

    expect((await h.http('POST', `/v1/introspection/${node.uuid}/data/unprocessed`, [1])).status).toBe(400);
    expect((await h.http('POST', `/v1/introspection/${randomMac()}/data/unprocessed`)).status).toBe(404);
  });

  it('applies matching rules after processing (set-attribute with formatting, set-capability), skipping others', async () => {
    const created = await h.http('POST', '/v1/rules', {
      conditions: [
        { op: 'ge', field: 'memory_mb', value: 8192 },
        { op: 'eq', field: 'node://driver', value: 'fake-hardware' },
      ],
      actions: [
        { action: 'set-attribute', path: '/extra/cpu_model', value: '{data[inventory][cpu][model_name]}' },
        { action: 'set-capability', name: 'profile', value: 'big' },
      ],
    });
    const skipped = await h.http('POST', '/v1/rules', { conditions: [{ op: 'lt', field: 'memory_mb', value: 8192 }], actions: [{ action: 'set-attribute', path: '/extra/small', value: true }] });
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    expect((await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]))).status).toBe(200);
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.extra).toEqual({ cpu_model: 'Test CPU' });
    expect(done.properties.capabilities as string).toContain('profile:big');
    await h.http('DELETE', `/v1/rules/${created.body.uuid}`);
    await h.http('DELETE', `/v1/rules/${skipped.body.uuid}`);
  });

  it('fails the introspection when a rule says so', async () => {
    const rule = await h.http('POST', '/v1/rules', { conditions: [{ op: 'eq', field: 'inventory.cpu.architecture', value: 'x86_64' }], actions: [{ action: 'fail', message: 'no x86 here' }] });
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]));
    expect(res.status).toBe(400);
    const failed = await h.until(node.uuid, (n) => n.provision_state === 'inspect failed');
    expect(failed.last_error).toContain('no x86 here');
    await h.http('DELETE', `/v1/rules/${rule.body.uuid}`);
  });

  it('enrolls exactly one node for an unknown machine, even when it calls back ten times at once', async () => {
    const macs = [randomMac(), randomMac()];
    const payload = inspectionPayload([{ name: 'eth0', mac: macs[0] }, { name: 'eth1', mac: macs[1] }]);
    const results = await Promise.all(Array.from({ length: 10 }, () => h.http('POST', '/v1/continue', payload)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBe(1);
    // The others are told to retry (409) or that the machine is known now (400), never a 500.
    expect(results.every((r) => [200, 400, 409].includes(r.status))).toBe(true);
    const rows: { uuid: string }[] = await h.db.repos.dataSource.query(
      'SELECT DISTINCT n.uuid FROM nodes n JOIN ports p ON p.node_id = n.id WHERE p.address = ANY($1)',
      [macs],
    );
    expect(rows).toEqual([{ uuid: ok[0].body.uuid }]);
    const node = await h.node(ok[0].body.uuid);
    expect(node).toMatchObject({ driver: 'fake-hardware', provision_state: 'enroll' });
    expect(node.properties).toMatchObject({ cpus: '8', memory_mb: '16384', cpu_arch: 'x86_64' });
    expect((await h.http('GET', `/v1/introspection/${node.uuid}/data`)).body.auto_discovered).toBe(true);
    await h.untilIntrospection(node.uuid, 'finished');
  });

  it('introspects an active node whose ramdisk calls back: properties updated, ports and power left alone, still active', async () => {
    const [mac, extra] = [randomMac(), randomMac()];
    const node = await h.manageableNode({ macs: [mac] });
    for (const event of ['provide', 'deploy']) {
      await h.call(ProvisionNode, { node_uuid: node.uuid, event, params: {} });
      await h.until(node.uuid, (n) => !n.reservation && ['available', 'active'].includes(n.provision_state) && !n.target_provision_state);
    }
    await h.call(SetPowerState, { node_uuid: node.uuid, target: 'power on' });
    await h.until(node.uuid, (n) => n.power_state === 'power on' && !n.reservation);
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }, { name: 'eth1', mac: extra }]));
    expect(res).toMatchObject({ status: 200, body: { uuid: node.uuid } });
    await h.untilIntrospection(node.uuid, 'finished');
    const after = await h.node(node.uuid);
    expect(after).toMatchObject({ provision_state: 'active', power_state: 'power on' });
    expect(after.properties).toMatchObject({ cpus: '8', memory_mb: '16384' });
    expect((await ports(node.uuid)).map(([address]) => address)).toEqual([mac]);
  });
});
