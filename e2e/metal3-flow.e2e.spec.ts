import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IronicHttp } from './support/http';
import { BMO_USER, BMO_VERSION, MIB, Metal3Lab, SYSTEM_ID, basicAuth, lifecycleSteps } from './support/metal3-lab';

const RUNBOOK = 'CUSTOM_METAL3_FW';

/**
 * What Metal3's baremetal-operator does to one host, against Ferrum in split mode (API, conductor and
 * inspector processes over PostgreSQL and NATS), a Redfish BMC (the in-process emulator) and a machine
 * behind it that boots the real agent from the virtual CD (e2e/support/vmedia-machine.ts): enroll a
 * `redfish` node with `redfish-virtual-media` boot and `agent` inspection, a port → manage → inspect →
 * inventory, firmware and BIOS (HardwareData, HostFirmwareComponents, HostFirmwareSettings) → manual
 * cleaning with a BIOS setting and a firmware update (BMO's "preparing") → provide → deploy with a
 * configdrive → service with a runbook (HostUpdatePolicy) → virtual media (DataImage) → a BMC event
 * subscription (BMCEventSubscription) → undeploy → delete. Every call at microversion 1.110.
 */
describe('a Metal3-style host lifecycle over Redfish virtual media (split processes, real agent)', () => {
  const lab = new Metal3Lab();
  const { images } = lab;
  /** The disk as the deploy left it: the image, then the config drive partition. */
  let deployed = Buffer.alloc(0);
  let portUuid = '';
  const call = lab.call.bind(lab);
  const provision = lab.provision.bind(lab);
  const step = lifecycleSteps(lab);

  beforeAll(() => lab.start('Metal3 flow e2e'), 90_000);
  afterAll(() => lab.stop());

  step('discovers the API (GET /v1/, /v1/drivers) at the microversion BMO negotiates, with its basic-auth credentials', async () => {
    const root = await call('GET', '/v1/', undefined, 200);
    // Without (or with wrong) credentials Ironic answers 401 on everything but the root and the agent's endpoints.
    const anonymous = new IronicHttp(lab.apiUrl, BMO_VERSION);
    expect((await anonymous.get('/v1/nodes')).status).toBe(401);
    expect((await anonymous.request('GET', '/v1/nodes', undefined, { Authorization: basicAuth(BMO_USER, 'wrong') })).status).toBe(401);
    expect(root.version).toMatchObject({ id: 'v1', status: 'CURRENT' });
    expect(Number(root.version.version.split('.')[1])).toBeGreaterThanOrEqual(110);
    const drivers = await call('GET', '/v1/drivers', undefined, 200);
    expect(drivers.drivers.map((d: { name: string }) => d.name)).toContain('redfish');
  });

  step('enrolls a redfish node with virtual media boot and agent inspection, and its port', async () => {
    writeFileSync(lab.disk, Buffer.alloc(16 * MIB, 0xab));
    const { node: created, port } = await lab.enroll();
    expect(created).toMatchObject({ provision_state: 'enroll', power_state: null, boot_interface: 'redfish-virtual-media', inspect_interface: 'agent', deploy_interface: 'direct' });
    expect(created.driver_info.redfish_password).toBe('******');
    expect(port).toMatchObject({ node_uuid: lab.uuid, address: lab.mac });
    portUuid = port.uuid;
    // BMO lists a node's ports so.
    const ports = await call('GET', `/v1/ports?fields=node_uuid&node_uuid=${lab.uuid}`, undefined, 200);
    expect(ports.ports).toHaveLength(1);
    const validate = await call('GET', `/v1/nodes/${lab.uuid}/validate`, undefined, 200);
    for (const iface of ['power', 'management', 'boot', 'inspect', 'bios', 'firmware']) expect({ iface, ...validate[iface] }).toMatchObject({ iface, result: true });
  });

  step('manage: enroll → verifying → manageable, the BMC reachable', async () => {
    const { node } = await provision({ target: 'manage' }, ['verifying'], 'manageable', ['manageable']);
    expect(node.power_state).toMatch(/^power (on|off)$/);
  });

  step('inspect: the agent boots from the virtual CD and posts its inventory; then inventory, firmware and BIOS', async () => {
    const before = lab.machines!.boots.length;
    const { node } = await provision({ target: 'inspect' }, ['inspecting', 'inspect wait'], 'manageable', ['inspect wait', 'manageable']);
    const boots = lab.machines!.boots.slice(before);
    expect(boots.length).toBeGreaterThanOrEqual(1);
    expect(boots[0].image).toBe(`${images.url}/agent.iso`);
    expect(node.inspection_finished_at).not.toBeNull();
    expect(node.properties).toMatchObject({ cpu_arch: expect.any(String) });
    // The inspection ramdisk is powered off at the end, and its CD ejected.
    expect(node.power_state).toBe('power off');
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBeUndefined();
    expect(lab.emulator!.virtualMedia.slot(SYSTEM_ID, 'CD1')).toMatchObject({ image: null, inserted: false });
    expect(node.driver_internal_info).not.toHaveProperty('inspector_manage_boot');

    const inventory = await call('GET', `/v1/nodes/${lab.uuid}/inventory`, undefined, 200);
    expect(inventory.inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toContain(lab.mac);
    expect(inventory.inventory).toHaveProperty('cpu');
    expect(inventory).toHaveProperty('plugin_data');

    const firmware = await call('GET', `/v1/nodes/${lab.uuid}/firmware`, undefined, 200);
    expect(firmware.firmware).toEqual(expect.arrayContaining([expect.objectContaining({ component: 'bios', current_version: expect.any(String) })]));

    const bios = await call('GET', `/v1/nodes/${lab.uuid}/bios?detail=True`, undefined, 200);
    const turbo = bios.bios.find((s: { name: string }) => s.name === 'ProcTurboMode');
    expect(turbo).toMatchObject({ name: 'ProcTurboMode', value: 'Enabled' });
    // ?detail: the registry fields, null where the BMC has no registry.
    for (const key of ['attribute_type', 'allowable_values', 'lower_bound', 'max_length', 'min_length', 'read_only', 'reset_required', 'unique', 'upper_bound']) expect(turbo).toHaveProperty(key);
  });

  step('manual cleaning (BMO preparing): bios.apply_configuration and firmware.update, manageable → cleaning → clean wait → manageable', async () => {
    const before = lab.machines!.boots.length;
    const { node } = await provision(
      {
        target: 'clean',
        clean_steps: [
          { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }] } },
          { interface: 'firmware', step: 'update', args: { settings: [{ component: 'bios', url: `${images.url}/bios-update.bin?version=P79-2.0` }] } },
        ],
      },
      ['cleaning', 'clean wait'],
      'manageable',
      // As Ironic: the agent boots for manual cleaning (prepare_cleaning, no disable_ramdisk) and the node waits in
      // `clean wait` for it before the first step, BMC-only as these are; at the end cleaning is torn down.
      ['clean wait', 'manageable'],
    );
    expect(lab.machines!.boots.length).toBeGreaterThan(before);
    expect(node.power_state).toBe('power off');
    const bios = await call('GET', `/v1/nodes/${lab.uuid}/bios/ProcTurboMode`, undefined, 200);
    expect(bios.ProcTurboMode).toMatchObject({ value: 'Disabled' });
    const firmware = await call('GET', `/v1/nodes/${lab.uuid}/firmware`, undefined, 200);
    expect(firmware.firmware.find((c: { component: string }) => c.component === 'bios')).toMatchObject({ current_version: 'P79-2.0' });
    expect(lab.emulator!.system(SYSTEM_ID)!.bios!.attributes.ProcTurboMode).toBe('Disabled');
  });

  step('provide: automated cleaning through the agent (erase_devices_metadata) → available', async () => {
    const before = lab.machines!.boots.length;
    const { node } = await provision({ target: 'provide' }, ['cleaning', 'clean wait'], 'available', ['clean wait', 'available']);
    expect(lab.machines!.boots.length).toBeGreaterThan(before);
    expect(node.power_state).toBe('power off');
    const data = readFileSync(lab.disk);
    expect(data.subarray(0, MIB).every((b) => b === 0)).toBe(true);
    expect(data.subarray(2 * MIB, 3 * MIB).every((b) => b === 0xab)).toBe(true);
  });

  step('deploy with instance_info and a configdrive: available → deploying → wait call-back → active, the image on disk byte for byte', async () => {
    const patched = await call(
      'PATCH',
      `/v1/nodes/${lab.uuid}`,
      lab.imagePatch(),
      200,
    );
    expect(patched.instance_info).toMatchObject({ image_source: `${images.url}/disk-gpt.raw`, image_disk_format: 'raw' });
    // BMO sends the configdrive as Ironic's JSON form (meta_data, user_data, network_data).
    const networkData = { links: [{ id: 'eth0', type: 'phy', ethernet_mac_address: lab.mac }], networks: [], services: [] };
    const configdrive = { meta_data: { 'local-hostname': 'host-0', public_keys: { default: 'ssh-ed25519 AAAA test' } }, user_data: '#cloud-config\nhostname: host-0\n', network_data: networkData };
    const { node } = await provision({ target: 'active', configdrive }, ['deploying', 'wait call-back'], 'active', ['wait call-back', 'active']);
    expect(node.power_state).toBe('power on');
    // The image, byte for byte, behind the GPT the agent rewrote (its new partition entry and backup copy).
    deployed = readFileSync(lab.disk);
    const image = readFileSync(lab.gptImage);
    expect(deployed.subarray(34 * 512, image.length).equals(image.subarray(34 * 512))).toBe(true);
    // The config drive, as cloud-init finds it: a partition labelled config-2 holding the files Ironic builds.
    const table = JSON.parse(execFileSync('sfdisk', ['--json', lab.disk], { encoding: 'utf8' })).partitiontable;
    expect(table.partitions).toHaveLength(2);
    expect(table.partitions[0]).toMatchObject({ start: 2048, size: 12288, name: 'root' });
    expect(execFileSync('sgdisk', ['-v', lab.disk], { encoding: 'utf8' })).toContain('No problems found');
    const { start, size } = table.partitions[1] as { start: number; size: number };
    const drive = join(lab.work, 'configdrive.iso');
    writeFileSync(drive, deployed.subarray(start * 512, (start + size) * 512));
    const tags = execFileSync('blkid', ['-p', '-o', 'export', drive], { encoding: 'utf8' });
    expect(tags).toMatch(/^LABEL=config-2$/m);
    expect(tags).toMatch(/^TYPE=iso9660$/m);
    const file = (path: string) => execFileSync('isoinfo', ['-J', '-i', drive, '-x', path], { encoding: 'utf8' });
    // Ironic fills in the node's uuid and name.
    expect(JSON.parse(file('/openstack/latest/meta_data.json'))).toEqual({ ...configdrive.meta_data, uuid: lab.uuid, name: node.name });
    expect(JSON.parse(file('/openstack/2012-08-10/network_data.json'))).toEqual(networkData);
    expect(file('/openstack/latest/user_data')).toBe(configdrive.user_data);
    // The configdrive is kept for the deploy, and never shown.
    expect(node.instance_info.configdrive).toBe('******');
    // The instance boots from its disk: the CD is ejected, the override on Hdd, no agent running.
    expect(lab.emulator!.system(SYSTEM_ID)!.boot).toMatchObject({ BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Continuous' });
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBeUndefined();
    expect(node.driver_internal_info).not.toHaveProperty('agent_url');
    expect(node.deploy_step).toEqual({});
  });

  step('service with a runbook (POST /v1/runbooks, firmware.update), out of band: active → servicing → active, no agent booted', async () => {
    const runbook = await call(
      'POST',
      '/v1/runbooks',
      { name: RUNBOOK, steps: [{ interface: 'firmware', step: 'update', args: { settings: [{ component: 'bmc', url: `${images.url}/bmc-update.bin?version=5.10` }] }, order: 1 }] },
      201,
    );
    expect(runbook).toMatchObject({ name: RUNBOOK, public: false });
    // Ironic runs a runbook only on a node that carries its name as a trait.
    await call('PUT', `/v1/nodes/${lab.uuid}/traits/${RUNBOOK}`, undefined, 204);
    // firmware.update needs no agent when servicing (Ironic 2026.1's requires_ramdisk=False): no agent boots, the
    // instance keeps its disk and the update goes through the BMC.
    const agents = lab.machines!.boots.length;
    const { node } = await provision({ target: 'service', runbook: RUNBOOK }, ['servicing'], 'active', ['servicing', 'active']);
    expect(lab.machines!.boots.length).toBe(agents);
    expect(node.power_state).toBe('power on');
    expect(node.service_step).toEqual({});
    const firmware = await call('GET', `/v1/nodes/${lab.uuid}/firmware`, undefined, 200);
    expect(firmware.firmware.find((c: { component: string }) => c.component === 'bmc')).toMatchObject({ current_version: '5.10' });
    // The instance and its config drive are untouched.
    expect(readFileSync(lab.disk).equals(deployed)).toBe(true);
  });

  step("maintenance on and off, then a power cycle through the BMC (BMO's reboot annotation): the instance boots its disk", async () => {
    const node = `/v1/nodes/${lab.uuid}`;
    await call('PUT', `${node}/maintenance`, { reason: 'paused by baremetal-operator' }, 202);
    expect(await call('GET', node, undefined, 200)).toMatchObject({ maintenance: true, maintenance_reason: 'paused by baremetal-operator' });
    await call('DELETE', `${node}/maintenance`, undefined, 202);
    expect(await call('GET', node, undefined, 200)).toMatchObject({ maintenance: false, maintenance_reason: null });
    for (const target of ['power off', 'power on']) {
      await call('PUT', `${node}/states/power`, { target }, 202);
      const done = await lab.http.until(node, (n) => n.target_power_state === null && !n.reservation, 30_000);
      expect({ power_state: done.power_state, last_error: done.last_error }).toEqual({ power_state: target, last_error: null });
      expect(lab.emulator!.system(SYSTEM_ID)!.powerState).toBe(target === 'power on' ? 'On' : 'Off');
    }
    // Back on from its disk: no agent, the instance untouched.
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBeUndefined();
    expect(readFileSync(lab.disk).equals(deployed)).toBe(true);
  });

  step('virtual media (DataImage): attach, get, detach', async () => {
    const image = `${images.url}/data-image.iso`;
    await call('POST', `/v1/nodes/${lab.uuid}/vmedia`, { device_type: 'cdrom', image_url: image }, 204);
    await lab.http.until(`/v1/nodes/${lab.uuid}`, (n) => !n.reservation, 30_000);
    const listed = await call('GET', `/v1/nodes/${lab.uuid}/vmedia`, undefined, 200);
    expect(JSON.stringify(listed)).toContain(image);
    await call('DELETE', `/v1/nodes/${lab.uuid}/vmedia`, undefined, 204);
    await lab.http.until(`/v1/nodes/${lab.uuid}`, (n) => !n.reservation, 30_000);
    const after = await call('GET', `/v1/nodes/${lab.uuid}/vmedia`, undefined, 200);
    expect(JSON.stringify(after)).not.toContain(image);
    const node = await call('GET', `/v1/nodes/${lab.uuid}`, undefined, 200);
    expect({ state: node.provision_state, last_error: node.last_error }).toEqual({ state: 'active', last_error: null });
  });

  step('BMC event subscription (BMCEventSubscription) through vendor passthru: create, then delete', async () => {
    const destination = 'http://127.0.0.1:9/events';
    const created = await call('POST', `/v1/nodes/${lab.uuid}/vendor_passthru?method=create_subscription`, { Destination: destination }, 200);
    // Ironic answers the BMC's subscription, filtered to these fields (BMO keeps its Id).
    expect(created).toEqual({ Id: expect.any(String), Destination: destination, Protocol: 'Redfish', Context: '', EventTypes: ['Alert'] });
    expect(lab.emulator!.events.list().map((s) => s.destination)).toEqual([destination]);
    await call('DELETE', `/v1/nodes/${lab.uuid}/vendor_passthru?method=delete_subscription`, { id: created.Id }, 200);
    const all = await call('GET', `/v1/nodes/${lab.uuid}/vendor_passthru?method=get_all_subscriptions`, undefined, 200);
    expect(all.Members).toEqual([]);
    expect(lab.emulator!.events.list()).toEqual([]);
  });

  step('undeploy: active → deleting → cleaning → available', async () => {
    const { node } = await provision({ target: 'deleted' }, ['deleting', 'cleaning', 'clean wait'], 'available', ['clean wait', 'available']);
    expect(node.instance_info).toEqual({});
    expect(node.power_state).toBe('power off');
    expect(readFileSync(lab.disk).subarray(0, MIB).every((b) => b === 0)).toBe(true);
  });

  step('delete: the node and its port are gone', async () => {
    await call('DELETE', `/v1/nodes/${lab.uuid}`, undefined, 204);
    expect((await lab.http.get(`/v1/nodes/${lab.uuid}`)).status).toBe(404);
    expect((await lab.http.get(`/v1/ports/${portUuid}`)).status).toBe(404);
    expect(lab.machines!.errors).toEqual([]);
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBeUndefined();
  });
});
