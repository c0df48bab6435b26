import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const COUNT = 20;

describe('redfish nodes through the API against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let api: ApiHarness;
  let url: string;

  beforeAll(async () => {
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: COUNT, powerDelayMs: 100 });
    url = await emulator.listen();
    api = await startApiHarness({
      env: {
        FERRUM_ENABLED_HARDWARE_TYPES: 'redfish',
        FERRUM_POWER_POLL_INTERVAL_MS: '50',
        FERRUM_REDFISH_CONNECTION_ATTEMPTS: '2',
        FERRUM_REDFISH_CONNECTION_RETRY_INTERVAL_MS: '50',
        FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const redfishNode = (i: number, info: Record<string, unknown> = {}) =>
    api.createNode({
      driver: 'redfish',
      driver_info: { redfish_address: url, redfish_system_id: `/redfish/v1/Systems/${emulator.systemId(i)}`, redfish_username: 'admin', redfish_password: 'password', ...info },
    });
  const node = async (uuid: string) => (await api.request('GET', `/v1/nodes/${uuid}`)).json();
  const settled = (uuid: string) => until(async () => {
    const n = await node(uuid);
    return n.target_power_state === null && n.target_provision_state === null && n.reservation === null;
  }, 30_000);

  it('powers every system off and on in parallel, the emulator showing each change', async () => {
    const nodes = await Promise.all(Array.from({ length: COUNT - 2 }, (_, i) => redfishNode(i + 2)));
    for (const target of ['power off', 'power on']) {
      const replies = await Promise.all(nodes.map((n) => api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target } })));
      expect(replies.map((r) => r.statusCode)).toEqual(nodes.map(() => 202));
      for (const n of nodes) await settled(n.uuid);
      const after = await Promise.all(nodes.map((n) => node(n.uuid)));
      expect(after.filter((n) => n.power_state !== target || n.last_error !== null)).toEqual([]);
      expect(nodes.map((_, i) => emulator.system(emulator.systemId(i + 2))!.powerState)).toEqual(nodes.map(() => (target === 'power on' ? 'On' : 'Off')));
    }
  }, 60_000);

  it('injects an NMI through the Reset action (the emulator sees it), and refuses it below 1.29', async () => {
    const n = await redfishNode(0);
    const seen: unknown[] = [];
    emulator.on('nmi', (e) => seen.push(e));
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/management/inject_nmi`, { body: {} })).statusCode).toBe(204);
    // The emulator applies a reset after its power delay.
    await until(async () => seen.length > 0, 5_000);
    expect(seen).toEqual([{ system: emulator.systemId(0) }]);
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/management/inject_nmi`, { body: {}, version: '1.28' })).statusCode).toBe(404);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
  });

  it('changes the boot mode through the boot override (1.76) and records it on the node, then secure boot through SecureBoot', async () => {
    const n = await redfishNode(3);
    for (const [target, redfish] of [['bios', 'Legacy'], ['uefi', 'UEFI']] as const) {
      expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/boot_mode`, { body: { target } })).statusCode).toBe(202);
      await until(async () => (await node(n.uuid)).boot_mode === target && (await node(n.uuid)).reservation === null, 10_000);
      expect(emulator.system(emulator.systemId(3))!.boot).toMatchObject({ BootSourceOverrideMode: redfish });
    }
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/secure_boot`, { body: { target: true } })).statusCode).toBe(202);
    await until(async () => (await node(n.uuid)).secure_boot === true && (await node(n.uuid)).reservation === null, 10_000);
    expect(emulator.system(emulator.systemId(3))!.secureBoot).toMatchObject({ enabled: true });
    expect((await node(n.uuid)).last_error).toBeNull();
    // Legacy boot mode and secure boot do not go together: the BMC is not asked, the failure is recorded.
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/secure_boot`, { body: { target: false } })).statusCode).toBe(202);
    await until(async () => (await node(n.uuid)).secure_boot === false && (await node(n.uuid)).reservation === null, 10_000);
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/boot_mode`, { body: { target: 'bios' } })).statusCode).toBe(202);
    await until(async () => (await node(n.uuid)).boot_mode === 'bios' && (await node(n.uuid)).reservation === null, 10_000);
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/secure_boot`, { body: { target: true } })).statusCode).toBe(202);
    await until(async () => (await node(n.uuid)).last_error !== null, 10_000);
    expect(await node(n.uuid)).toMatchObject({ secure_boot: false, last_error: `Failed to change secure_boot state to 'True': Configuring secure boot requires UEFI for node ${n.uuid}` });
    expect(emulator.system(emulator.systemId(3))!.secureBoot).toMatchObject({ enabled: false });
  });

  it('manage verifies through the BMC, then boot device pxe --persistent sticks on the BMC', async () => {
    const n = await redfishNode(1);
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } });
    await settled(n.uuid);
    expect(await node(n.uuid)).toMatchObject({ provision_state: 'manageable', power_state: 'power on', last_error: null });
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/management/boot_device`, { body: { boot_device: 'pxe', persistent: true } })).statusCode).toBe(204);
    expect(emulator.system(emulator.systemId(1))!.boot).toEqual({ BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Continuous', BootSourceOverrideMode: 'UEFI' });
    expect((await api.request('GET', `/v1/nodes/${n.uuid}/management/boot_device`)).json()).toEqual({ boot_device: 'pxe', persistent: true });
    expect((await api.request('GET', `/v1/nodes/${n.uuid}/management/boot_device/supported`)).json().supported_boot_devices).toEqual(['pxe', 'disk', 'cdrom', 'bios']);
  }, 60_000);

  it('inspects out of band: properties and ports from the mockup', async () => {
    const n = await redfishNode(0);
    expect(n.inspect_interface).toBe('redfish');
    await api.request('PATCH', `/v1/nodes/${n.uuid}`, { body: [{ op: 'add', path: '/properties/capabilities', value: 'boot_mode:uefi' }] });
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } });
    await settled(n.uuid);
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'inspect' } })).statusCode).toBe(202);
    await settled(n.uuid);
    const inspected = await node(n.uuid);
    expect(inspected).toMatchObject({ provision_state: 'manageable', last_error: null });
    expect(inspected.inspection_finished_at).not.toBeNull();
    expect(inspected.properties).toEqual({ capabilities: 'boot_mode:uefi', cpus: 16, cpu_arch: 'x86_64', memory_mb: 98304, local_gb: 3724 });
    const ports = (await api.request('GET', `/v1/ports?node=${n.uuid}&fields=address,pxe_enabled`)).json().ports;
    expect(ports.map((p: any) => p.address).sort()).toEqual(['12:44:6a:3b:04:11', 'aa:bb:cc:dd:ee:00', 'aa:bb:cc:dd:ee:fe']);
    // The inventory is stored as Ironic's redfish inspection stores it: GET /v1/nodes/{n}/inventory (1.81) answers.
    const saved = await api.request('GET', `/v1/nodes/${n.uuid}/inventory`, { version: '1.81' });
    expect(saved.statusCode).toBe(200);
    const { inventory, plugin_data } = saved.json();
    expect(plugin_data).toEqual({});
    expect(inventory).toMatchObject({ memory: { physical_mb: 98304 }, cpu: { count: 16, architecture: 'x86_64' }, boot: { current_boot_mode: 'uefi' } });
    expect(inventory.interfaces.map((i: any) => i.mac_address).sort()).toEqual(['12:44:6a:3b:04:11', 'aa:bb:cc:dd:ee:00', 'aa:bb:cc:dd:ee:fe']);
    expect(inventory.disks.length).toBeGreaterThan(0);
    expect(inventory.disks.every((d: any) => typeof d.name === 'string' && d.size > 0)).toBe(true);
    expect(inventory.system_vendor).toMatchObject({ manufacturer: expect.any(String), product_name: expect.any(String) });
    // Inspecting again finds the same MACs and creates nothing twice.
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'inspect' } });
    await settled(n.uuid);
    expect((await api.request('GET', `/v1/ports?node=${n.uuid}`)).json().ports).toHaveLength(3);

    // A second node on the same system: its MACs belong to the first node, so it gets properties but no ports.
    const twin = await redfishNode(0);
    await api.request('PUT', `/v1/nodes/${twin.uuid}/states/provision`, { body: { target: 'manage' } });
    await settled(twin.uuid);
    await api.request('PUT', `/v1/nodes/${twin.uuid}/states/provision`, { body: { target: 'inspect' } });
    await settled(twin.uuid);
    expect(await node(twin.uuid)).toMatchObject({ provision_state: 'manageable', last_error: null, properties: { cpus: 16, memory_mb: 98304 } });
    expect((await api.request('GET', `/v1/ports?node=${twin.uuid}`)).json().ports).toEqual([]);
  }, 60_000);

  it('a wrong password fails manage with a clear error and the password nowhere', async () => {
    const n = await redfishNode(1, { redfish_password: 'Bad-Redfish-Secret' });
    expect(n.driver_info.redfish_password).toBe('******');
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } });
    await settled(n.uuid);
    const failed = await node(n.uuid);
    expect(failed.provision_state).toBe('enroll');
    expect(failed.last_error).toMatch(/Failed to verify node .*refused the credentials|returned code 401/);
    const boot = await api.request('GET', `/v1/nodes/${n.uuid}/management/boot_device`);
    expect(boot.statusCode).toBe(500);
    for (const text of [JSON.stringify(failed), boot.body]) expect(text).not.toContain('Bad-Redfish-Secret');
  }, 60_000);

  it('an unreachable BMC fails the power action after the configured attempts and leaves no lock', async () => {
    const n = await redfishNode(1, { redfish_address: 'http://127.0.0.1:9' });
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target: 'power off' } });
    await settled(n.uuid);
    expect((await node(n.uuid)).last_error).toMatch(/Unable to connect to http:\/\/127\.0\.0\.1:9.*2 attempts/);
  }, 60_000);

  it('validate and the driver properties list what redfish needs', async () => {
    const missing = await api.createNode({ driver: 'redfish', driver_info: {} });
    const v = (await api.request('GET', `/v1/nodes/${missing.uuid}/validate`)).json();
    expect(v.power).toEqual({ result: false, reason: "Missing the following Redfish properties in node's driver_info: redfish_address" });
    const badAuth = await redfishNode(1, { redfish_auth_type: 'kerberos' });
    expect((await api.request('GET', `/v1/nodes/${badAuth.uuid}/validate`)).json().management.reason).toMatch(/redfish_auth_type/);
    const props = (await api.request('GET', '/v1/drivers/redfish/properties')).json();
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['redfish_address', 'redfish_system_id', 'redfish_username', 'redfish_password', 'redfish_verify_ca', 'redfish_auth_type']));
  }, 60_000);

  it('caches the firmware components when the node is verified: GET firmware (1.86) shows the BIOS and BMC versions', async () => {
    const n = await redfishNode(5);
    expect((await node(n.uuid)).firmware_interface).toBeUndefined();
    expect((await api.request('GET', `/v1/nodes/${n.uuid}`, { version: '1.86' })).json().firmware_interface).toBe('redfish');
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } })).statusCode).toBe(202);
    await settled(n.uuid);
    expect((await node(n.uuid)).provision_state).toBe('manageable');
    const reply = await api.request('GET', `/v1/nodes/${n.uuid}/firmware`, { version: '1.86' });
    expect(reply.statusCode).toBe(200);
    const firmware = reply.json().firmware;
    expect(firmware.map((c: Record<string, unknown>) => Object.keys(c).sort())).toEqual([
      ['component', 'created_at', 'current_version', 'initial_version', 'last_version_flashed', 'updated_at'],
      ['component', 'created_at', 'current_version', 'initial_version', 'last_version_flashed', 'updated_at'],
    ]);
    expect(firmware.map((c: Record<string, unknown>) => [c.component, c.initial_version, c.current_version, c.last_version_flashed, c.updated_at])).toEqual([
      ['bios', 'P79 v1.45 (12/06/2017)', 'P79 v1.45 (12/06/2017)', null, null],
      ['bmc', '1.45.455b66-rev4', '1.45.455b66-rev4', null, null],
    ]);
    expect(firmware[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$/);
  }, 60_000);

  it('attaches an image as a virtual CD through the BMC (1.89) and detaches it, the emulator showing both', async () => {
    const images = createServer((req, res) => {
      res.writeHead(req.url === '/boot.iso' ? 200 : 404, { 'content-length': 0 });
      res.end();
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    try {
      const iso = `http://127.0.0.1:${(images.address() as AddressInfo).port}/boot.iso`;
      const n = await redfishNode(6);
      const system = emulator.systemId(6);
      const attached = await api.request('POST', `/v1/nodes/${n.uuid}/vmedia`, { version: '1.89', body: { device_type: 'cdrom', image_url: iso } });
      expect(attached.statusCode).toBe(204);
      await until(async () => emulator.virtualMedia.slot(system, 'CD1')?.inserted === true, 10_000);
      expect(emulator.virtualMedia.slot(system, 'CD1')).toMatchObject({ image: iso, inserted: true });
      await settled(n.uuid);
      expect((await node(n.uuid)).last_error).toBeNull();

      expect((await api.request('DELETE', `/v1/nodes/${n.uuid}/vmedia`, { version: '1.89' })).statusCode).toBe(204);
      await until(async () => emulator.virtualMedia.slot(system, 'CD1')?.inserted === false, 10_000);
      await settled(n.uuid);

      // An image the BMC cannot fetch: the API has answered; the BMC's refusal is in last_error.
      const missing = await api.request('POST', `/v1/nodes/${n.uuid}/vmedia`, { version: '1.89', body: { device_type: 'cdrom', image_url: iso.replace('boot.iso', 'gone.iso') } });
      expect(missing.statusCode).toBe(204);
      await until(async () => (await node(n.uuid)).last_error !== null, 20_000);
      expect((await node(n.uuid)).last_error).toMatch(/^Could not attach device cdrom to node [0-9a-f-]{36}: /);
    } finally {
      await new Promise((resolve) => images.close(resolve));
    }
  }, 60_000);

  it("caches the BMC's health in the power sync (1.109), recording each change in the node's history", async () => {
    const n = await redfishNode(7);
    const system = emulator.systemId(7);
    // The sync leaves enrolled nodes alone, as Ironic's does.
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } })).statusCode).toBe(202);
    await settled(n.uuid);
    const health = async () => (await api.db.repos.nodes.getByIdent(n.uuid)).health;
    emulator.setHealth(system, 'OK');
    await api.conductor.runPeriodic('power-sync');
    expect(await health()).toBe('OK');
    emulator.setHealth(system, 'Critical');
    await api.conductor.runPeriodic('power-sync');
    expect(await health()).toBe('Critical');
    // The same health again changes nothing and records nothing.
    await api.conductor.runPeriodic('power-sync');
    const { id } = await api.db.repos.nodes.getByIdent(n.uuid);
    const events = (await api.db.repos.history.list(id, 100)).filter((e) => e.event_type === 'monitoring');
    expect(events.map((e) => [e.event, e.severity])).toEqual([
      ["Node health status changed: health='OK' (previously 'None')", 'INFO'],
      ["Node health status changed: health='Critical' (previously 'OK')", 'INFO'],
    ]);
  }, 60_000);

  it("offers Ironic's redfish vendor methods: event subscriptions created, listed and deleted on the BMC, and eject_vmedia", async () => {
    const n = await redfishNode(8);
    expect(n.vendor_interface).toBe('redfish');
    const passthru = (method: string) => `/v1/nodes/${n.uuid}/vendor_passthru?method=${method}`;
    const methods = (await api.request('GET', `/v1/nodes/${n.uuid}/vendor_passthru/methods`)).json();
    // Ferrum adds the agent's legacy `heartbeat` to every agent-booting type's vendor interface.
    expect(Object.keys(methods).filter((m) => m !== 'heartbeat')).toEqual(['create_subscription', 'delete_subscription', 'eject_vmedia', 'get_all_subscriptions', 'get_subscription']);
    expect(methods.get_subscription).toMatchObject({ http_methods: ['GET'], async: false, attach: false, require_exclusive_lock: true });

    const created = await api.request('POST', passthru('create_subscription'), { body: { Destination: 'https://collector.example/events', Context: 'lab' } });
    expect(created.statusCode).toBe(200);
    const subscription = created.json();
    expect(subscription).toEqual({ Id: expect.any(String), Destination: 'https://collector.example/events', EventTypes: ['Alert'], Context: 'lab', Protocol: 'Redfish' });
    const id = subscription.Id as string;
    expect((await api.request('GET', passthru('get_all_subscriptions'))).json().Members).toEqual([{ '@odata.id': `/redfish/v1/EventService/Subscriptions/${id}` }]);
    // get_subscription is a GET taking its id in the body, as `baremetal node passthru call --http-method GET … --arg id=X` sends it.
    const fetched = await api.request('GET', passthru('get_subscription'), { body: { id } });
    expect([fetched.statusCode, fetched.json()]).toEqual([200, subscription]);
    expect((await api.request('DELETE', passthru('delete_subscription'), { body: { id } })).statusCode).toBe(200);
    expect(emulator.events.list()).toEqual([]);

    const goneDelete = await api.request('DELETE', passthru('delete_subscription'), { body: { id } });
    expect(goneDelete.statusCode).toBe(404);
    expect(api.error(goneDelete).faultstring).toBe(
      `Redfish exception occurred. Error: Redfish delete_subscription failed for subscription ${id} on node ${n.uuid}. Error: Resource ${url}/redfish/v1/EventService/Subscriptions/${id} not found`,
    );
    const noId = await api.request('DELETE', passthru('delete_subscription'), { body: {} });
    expect([noId.statusCode, api.error(noId).faultstring]).toEqual([400, "id can't be None"]);

    const system = emulator.systemId(8);
    emulator.virtualMedia.slot(system, 'CD1')!.inserted = true;
    emulator.virtualMedia.slot(system, 'CD1')!.image = 'http://images.example/boot.iso';
    expect((await api.request('POST', passthru('eject_vmedia'), { body: {} })).statusCode).toBe(202);
    await until(async () => emulator.virtualMedia.slot(system, 'CD1')?.inserted === false, 10_000);
    await settled(n.uuid);
  }, 60_000);
});
