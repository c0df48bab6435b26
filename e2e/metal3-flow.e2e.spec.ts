import bcrypt from 'bcryptjs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import { TESTBEDS_DIR, TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { ImageServer } from './support/image-server';
import { randomMac } from './support/sim-machine';
import { AGENT, VmediaMachines } from './support/vmedia-machine';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const SYSTEM_ID = '437XR1138R2';
const SYSTEM = `/redfish/v1/Systems/${SYSTEM_ID}`;
const MIB = 1024 * 1024;
/** The credentials baremetal-operator is given for Ironic (its ironic-credentials secret). */
const BMO_USER = 'metal3-bmo';
const BMO_PASSWORD = 'not-a-real-secret';
const STEP_TIMEOUT_MS = 40_000;
/** What baremetal-operator negotiates when Ironic offers it (HasDeploymentAbort). */
const BMO_VERSION = '1.110';
const RUNBOOK = 'CUSTOM_METAL3_FW';
/** Every state a node passes through on its way somewhere (the flow waits until it is in none of them). */
const TRANSIENT = ['verifying', 'inspecting', 'inspect wait', 'cleaning', 'clean wait', 'deploying', 'wait call-back', 'deleting', 'servicing', 'service wait'];

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
  let available = true;
  const procs: FerrumProcess[] = [];
  let db: { url: string; drop(): Promise<void> } | undefined;
  let http: IronicHttp;
  let apiUrl = '';
  const images = new ImageServer(8);
  let emulator: RedfishEmulator | undefined;
  let machines: VmediaMachines | undefined;
  let work = '';
  let disk = '';
  let gptImage = '';
  /** The disk as the deploy left it: the image, then the config drive partition. */
  let deployed = Buffer.alloc(0);
  const mac = randomMac();
  let uuid = '';
  let portUuid = '';
  /** Provision states (with their target) seen by polling, in order (repeats collapsed). */
  const seen: { state: string; target: string | null }[] = [];
  const logs = () => [...procs.map((p) => `--- ${p.role}\n${p.logs}`), `--- agents\n${machines?.logs ?? ''}`, `--- machine errors\n${machines?.errors.join('\n') ?? ''}`].join('\n');

  beforeAll(async () => {
    if (!existsSync(AGENT)) throw new Error('run "node tools/build.mjs" first: dist/agent.js is missing');
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: Metal3 flow e2e skipped')) &&
      (await useRealService('NATS', TEST_NATS_URL, 'nothing: Metal3 flow e2e skipped'));
    if (!available) return;
    work = mkdtempSync(join(tmpdir(), 'ferrum-metal3-'));
    disk = join(work, 'machine.disk');
    await images.start();
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    // The agent ISO's boot configuration: what a real ISO's kernel command line says (no BOOTIF: virtual media boots no NIC).
    writeFileSync(
      join(images.dir, 'agent.iso'),
      [
        `ipa-api-url=${apiUrl}`,
        `ipa-inspection-callback-url=${apiUrl}/v1/continue_inspection`,
        'ipa-listen-host=127.0.0.1',
        'ipa-listen-port=0',
        'ipa-lookup-interval=0.2',
        'ipa-lookup-timeout=60',
        'ipa-image-download-connection-retry-interval=0.2',
      ].join(' '),
    );
    writeFileSync(join(images.dir, 'bios-update.bin'), randomBytes(4096));
    writeFileSync(join(images.dir, 'bmc-update.bin'), randomBytes(4096));
    writeFileSync(join(images.dir, 'data-image.iso'), randomBytes(4096));
    // The instance image: a whole-disk image with a GPT (made by sfdisk), as cloud images are; the config drive
    // goes into a partition the agent adds behind it.
    gptImage = join(images.dir, 'disk-gpt.raw');
    writeFileSync(gptImage, randomBytes(8 * MIB));
    execFileSync('sfdisk', ['--quiet', gptImage], { input: 'label: gpt\nstart=2048, size=12288, type=L, name=root\n' });

    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 1, powerDelayMs: 50 });
    await emulator.listen();
    machines = new VmediaMachines(emulator);
    machines.add(SYSTEM_ID, { mac, disk });

    const htpasswd = join(work, 'htpasswd');
    writeFileSync(htpasswd, `${BMO_USER}:${bcrypt.hashSync(BMO_PASSWORD, 5).replace(/^\$2b\$/, '$2y$')}\n`);
    db = await createPostgresDatabase();
    const env: Record<string, string> = {
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,redfish',
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      FERRUM_NATS_NAMESPACE: testNamespace(),
      FERRUM_HEARTBEAT_INTERVAL_S: '2',
      FERRUM_HEARTBEAT_TIMEOUT_S: '6',
      FERRUM_RPC_TIMEOUT_MS: '20000',
      FERRUM_API_PORT: String(apiPort),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_LOG_LEVEL: 'warn',
      // Agents beat every 3–6 s (30–60 % of this), and at most 5 s after a finished command.
      FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '10',
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '200',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '10',
      FERRUM_POWER_POLL_INTERVAL_MS: '50',
      FERRUM_REDFISH_CONNECTION_RETRY_INTERVAL_MS: '200',
      FERRUM_REDFISH_FIRMWARE_UPDATE_STATUS_INTERVAL_MS: '100',
      FERRUM_REDFISH_FIRMWARE_UPDATE_BMC_VERSION_CHECK_INTERVAL_MS: '100',
      FERRUM_REDFISH_FIRMWARE_UPDATE_VALIDATION_INTERVAL_MS: '100',
      // Metal3's inspection settings (ironic.conf.j2): add_ports=all, keep_ports=present.
      FERRUM_INSPECTOR_ADD_PORTS: 'all',
      FERRUM_INSPECTOR_KEEP_PORTS: 'present',
      FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
      // As Metal3 runs Ironic: HTTP basic authentication from an htpasswd file (bcrypt, `htpasswd -B`'s $2y$);
      // the agent's endpoints (lookup, heartbeat, continue_inspection) stay open, as in Ironic.
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: htpasswd,
    };
    const conductor = new FerrumProcess('conductor', { ...env, FERRUM_LOG_LEVEL: 'info', FERRUM_CONDUCTOR_HOSTNAME: `metal3-e2e-${randomBytes(3).toString('hex')}` });
    procs.push(conductor);
    await conductor.waitForLog(/conductor registered/, 30_000);
    const inspector = new FerrumProcess('inspector', { ...env, FERRUM_LOG_LEVEL: 'info' });
    procs.push(inspector);
    procs.push(new FerrumProcess('api', env));
    await inspector.waitForLog(/inspector listening/, 30_000);
    http = new IronicHttp(apiUrl, BMO_VERSION, { Authorization: `Basic ${Buffer.from(`${BMO_USER}:${BMO_PASSWORD}`).toString('base64')}` });
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${logs()}`);
    });
  }, 90_000);

  afterAll(async () => {
    // Every agent, then every Ferrum process, by PID.
    await machines?.stopAll();
    await Promise.all(procs.map((p) => p.kill()));
    await emulator?.close();
    await db?.drop();
    await images.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The steps share the node: once one fails, the rest have nothing to work on. */
  let broken = false;
  const step = (name: string, fn: () => Promise<void>, timeout = STEP_TIMEOUT_MS * 2) =>
    it(
      name,
      async () => {
        if (!available) return;
        if (broken) throw new Error('an earlier step failed');
        try {
          await fn();
        } catch (err) {
          broken = true;
          throw err;
        }
      },
      timeout,
    );

  /** A call that must answer `status` with a body that parses (or none, for 202/204). */
  async function call(method: string, path: string, body: unknown, status: number): Promise<any> {
    const res = await http.request(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${res.text}\n${logs()}`);
    if (status !== 204 && status !== 202) expect(res.json).toBeDefined();
    else expect(res.text).toBe('');
    expect(res.headers.get('x-openstack-ironic-api-version')).toBe(BMO_VERSION);
    return res.json;
  }

  /** Polls the node (recording each provision state) until it is in no transient state and holds no lock. */
  async function settle(timeoutMs = STEP_TIMEOUT_MS): Promise<any> {
    const end = Date.now() + timeoutMs;
    let node: any;
    while (Date.now() < end) {
      node = await call('GET', `/v1/nodes/${uuid}`, undefined, 200);
      const last = seen[seen.length - 1];
      if (last?.state !== node.provision_state || last.target !== node.target_provision_state) seen.push({ state: node.provision_state, target: node.target_provision_state });
      if (!TRANSIENT.includes(node.provision_state) && !node.reservation && node.target_power_state === null) return node;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`node ${uuid} did not settle; last: ${JSON.stringify(node)}\n${logs()}`);
  }

  /**
   * A provision verb, then the states seen until the node settles. As Ironic: every state on the way is one of
   * `path` (in that order, a state may come back, as `wait call-back` does between deploy steps) with `end` as
   * its target; the wait states in `mustSee` (they last seconds, so polling sees them) do come; the node ends
   * in `end` with no target and no error.
   */
  async function provision(body: Record<string, unknown>, path: string[], end: string, mustSee: string[]): Promise<{ node: any; states: string[] }> {
    seen.length = 0;
    await call('PUT', `/v1/nodes/${uuid}/states/provision`, body, 202);
    const node = await settle();
    const states = seen.map((s) => s.state);
    expect({ state: node.provision_state, target: node.target_provision_state, last_error: node.last_error }).toEqual({ state: end, target: null, last_error: null });
    const transient = seen.slice(0, -1);
    expect({ states, off: transient.filter((s) => !path.includes(s.state) || s.target !== end) }).toEqual({ states, off: [] });
    // Forward along `path`; only its last two states alternate (a step's work, then waiting for the agent, as Ironic's steps do).
    const loop = path.slice(-2);
    const back = transient.filter((s, i) => i > 0 && path.indexOf(s.state) < path.indexOf(transient[i - 1].state) && !(loop.includes(s.state) && loop.includes(transient[i - 1].state)));
    expect({ states, back }).toEqual({ states, back: [] });
    let at = 0;
    for (const s of states) if (s === mustSee[at]) at++;
    expect({ states, reached: mustSee.slice(0, at) }).toEqual({ states, reached: mustSee });
    return { node, states };
  }

  step('discovers the API (GET /v1/, /v1/drivers) at the microversion BMO negotiates, with its basic-auth credentials', async () => {
    const root = await call('GET', '/v1/', undefined, 200);
    // Without (or with wrong) credentials Ironic answers 401 on everything but the root and the agent's endpoints.
    const anonymous = new IronicHttp(apiUrl, BMO_VERSION);
    expect((await anonymous.get('/v1/nodes')).status).toBe(401);
    expect((await anonymous.request('GET', '/v1/nodes', undefined, { Authorization: `Basic ${Buffer.from(`${BMO_USER}:wrong`).toString('base64')}` })).status).toBe(401);
    expect(root.version).toMatchObject({ id: 'v1', status: 'CURRENT' });
    expect(Number(root.version.version.split('.')[1])).toBeGreaterThanOrEqual(110);
    const drivers = await call('GET', '/v1/drivers', undefined, 200);
    expect(drivers.drivers.map((d: { name: string }) => d.name)).toContain('redfish');
  });

  step('enrolls a redfish node with virtual media boot and agent inspection, and its port', async () => {
    writeFileSync(disk, Buffer.alloc(16 * MIB, 0xab));
    const created = await call(
      'POST',
      '/v1/nodes',
      {
        name: `metal3-${randomBytes(3).toString('hex')}`,
        driver: 'redfish',
        boot_interface: 'redfish-virtual-media',
        inspect_interface: 'agent',
        bios_interface: 'redfish',
        firmware_interface: 'redfish',
        driver_info: {
          redfish_address: emulator!.url,
          redfish_system_id: SYSTEM,
          redfish_username: 'admin',
          redfish_password: 'password',
          deploy_iso: `${images.url}/agent.iso`,
        },
        properties: { cpu_arch: 'x86_64' },
      },
      201,
    );
    uuid = created.uuid;
    expect(created).toMatchObject({ provision_state: 'enroll', power_state: null, boot_interface: 'redfish-virtual-media', inspect_interface: 'agent', deploy_interface: 'direct' });
    expect(created.driver_info.redfish_password).toBe('******');
    const port = await call('POST', '/v1/ports', { node_uuid: uuid, address: mac, pxe_enabled: true }, 201);
    expect(port).toMatchObject({ node_uuid: uuid, address: mac });
    portUuid = port.uuid;
    // BMO lists a node's ports so.
    const ports = await call('GET', `/v1/ports?fields=node_uuid&node_uuid=${uuid}`, undefined, 200);
    expect(ports.ports).toHaveLength(1);
    const validate = await call('GET', `/v1/nodes/${uuid}/validate`, undefined, 200);
    for (const iface of ['power', 'management', 'boot', 'inspect', 'bios', 'firmware']) expect({ iface, ...validate[iface] }).toMatchObject({ iface, result: true });
  });

  step('manage: enroll → verifying → manageable, the BMC reachable', async () => {
    const { node } = await provision({ target: 'manage' }, ['verifying'], 'manageable', ['manageable']);
    expect(node.power_state).toMatch(/^power (on|off)$/);
  });

  step('inspect: the agent boots from the virtual CD and posts its inventory; then inventory, firmware and BIOS', async () => {
    const before = machines!.boots.length;
    const { node } = await provision({ target: 'inspect' }, ['inspecting', 'inspect wait'], 'manageable', ['inspect wait', 'manageable']);
    const boots = machines!.boots.slice(before);
    expect(boots.length).toBeGreaterThanOrEqual(1);
    expect(boots[0].image).toBe(`${images.url}/agent.iso`);
    expect(node.inspection_finished_at).not.toBeNull();
    expect(node.properties).toMatchObject({ cpu_arch: expect.any(String) });
    // The inspection ramdisk is powered off at the end, and its CD ejected.
    expect(node.power_state).toBe('power off');
    expect(machines!.agentPid(SYSTEM_ID)).toBeUndefined();
    expect(emulator!.virtualMedia.slot(SYSTEM_ID, 'CD1')).toMatchObject({ image: null, inserted: false });
    expect(node.driver_internal_info).not.toHaveProperty('inspector_manage_boot');

    const inventory = await call('GET', `/v1/nodes/${uuid}/inventory`, undefined, 200);
    expect(inventory.inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toContain(mac);
    expect(inventory.inventory).toHaveProperty('cpu');
    expect(inventory).toHaveProperty('plugin_data');

    const firmware = await call('GET', `/v1/nodes/${uuid}/firmware`, undefined, 200);
    expect(firmware.firmware).toEqual(expect.arrayContaining([expect.objectContaining({ component: 'bios', current_version: expect.any(String) })]));

    const bios = await call('GET', `/v1/nodes/${uuid}/bios?detail=True`, undefined, 200);
    const turbo = bios.bios.find((s: { name: string }) => s.name === 'ProcTurboMode');
    expect(turbo).toMatchObject({ name: 'ProcTurboMode', value: 'Enabled' });
    // ?detail: the registry fields, null where the BMC has no registry.
    for (const key of ['attribute_type', 'allowable_values', 'lower_bound', 'max_length', 'min_length', 'read_only', 'reset_required', 'unique', 'upper_bound']) expect(turbo).toHaveProperty(key);
  });

  step('manual cleaning (BMO preparing): bios.apply_configuration and firmware.update, manageable → cleaning → clean wait → manageable', async () => {
    const before = machines!.boots.length;
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
    expect(machines!.boots.length).toBeGreaterThan(before);
    expect(node.power_state).toBe('power off');
    const bios = await call('GET', `/v1/nodes/${uuid}/bios/ProcTurboMode`, undefined, 200);
    expect(bios.ProcTurboMode).toMatchObject({ value: 'Disabled' });
    const firmware = await call('GET', `/v1/nodes/${uuid}/firmware`, undefined, 200);
    expect(firmware.firmware.find((c: { component: string }) => c.component === 'bios')).toMatchObject({ current_version: 'P79-2.0' });
    expect(emulator!.system(SYSTEM_ID)!.bios!.attributes.ProcTurboMode).toBe('Disabled');
  });

  step('provide: automated cleaning through the agent (erase_devices_metadata) → available', async () => {
    const before = machines!.boots.length;
    const { node } = await provision({ target: 'provide' }, ['cleaning', 'clean wait'], 'available', ['clean wait', 'available']);
    expect(machines!.boots.length).toBeGreaterThan(before);
    expect(node.power_state).toBe('power off');
    const data = readFileSync(disk);
    expect(data.subarray(0, MIB).every((b) => b === 0)).toBe(true);
    expect(data.subarray(2 * MIB, 3 * MIB).every((b) => b === 0xab)).toBe(true);
  });

  step('deploy with instance_info and a configdrive: available → deploying → wait call-back → active, the image on disk byte for byte', async () => {
    const patched = await call(
      'PATCH',
      `/v1/nodes/${uuid}`,
      [
        { op: 'add', path: '/instance_info/image_source', value: `${images.url}/disk-gpt.raw` },
        { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha512' },
        { op: 'add', path: '/instance_info/image_os_hash_value', value: images.hash('sha512', gptImage) },
        { op: 'add', path: '/instance_info/image_checksum', value: images.hash('md5', gptImage) },
        { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
      ],
      200,
    );
    expect(patched.instance_info).toMatchObject({ image_source: `${images.url}/disk-gpt.raw`, image_disk_format: 'raw' });
    // BMO sends the configdrive as Ironic's JSON form (meta_data, user_data, network_data).
    const networkData = { links: [{ id: 'eth0', type: 'phy', ethernet_mac_address: mac }], networks: [], services: [] };
    const configdrive = { meta_data: { 'local-hostname': 'host-0', public_keys: { default: 'ssh-ed25519 AAAA test' } }, user_data: '#cloud-config\nhostname: host-0\n', network_data: networkData };
    const { node } = await provision({ target: 'active', configdrive }, ['deploying', 'wait call-back'], 'active', ['wait call-back', 'active']);
    expect(node.power_state).toBe('power on');
    // The image, byte for byte, behind the GPT the agent rewrote (its new partition entry and backup copy).
    deployed = readFileSync(disk);
    const image = readFileSync(gptImage);
    expect(deployed.subarray(34 * 512, image.length).equals(image.subarray(34 * 512))).toBe(true);
    // The config drive, as cloud-init finds it: a partition labelled config-2 holding the files Ironic builds.
    const table = JSON.parse(execFileSync('sfdisk', ['--json', disk], { encoding: 'utf8' })).partitiontable;
    expect(table.partitions).toHaveLength(2);
    expect(table.partitions[0]).toMatchObject({ start: 2048, size: 12288, name: 'root' });
    expect(execFileSync('sgdisk', ['-v', disk], { encoding: 'utf8' })).toContain('No problems found');
    const { start, size } = table.partitions[1] as { start: number; size: number };
    const drive = join(work, 'configdrive.iso');
    writeFileSync(drive, deployed.subarray(start * 512, (start + size) * 512));
    const tags = execFileSync('blkid', ['-p', '-o', 'export', drive], { encoding: 'utf8' });
    expect(tags).toMatch(/^LABEL=config-2$/m);
    expect(tags).toMatch(/^TYPE=iso9660$/m);
    const file = (path: string) => execFileSync('isoinfo', ['-J', '-i', drive, '-x', path], { encoding: 'utf8' });
    // Ironic fills in the node's uuid and name.
    expect(JSON.parse(file('/openstack/latest/meta_data.json'))).toEqual({ ...configdrive.meta_data, uuid, name: node.name });
    expect(JSON.parse(file('/openstack/2012-08-10/network_data.json'))).toEqual(networkData);
    expect(file('/openstack/latest/user_data')).toBe(configdrive.user_data);
    // The configdrive is kept for the deploy, and never shown.
    expect(node.instance_info.configdrive).toBe('******');
    // The instance boots from its disk: the CD is ejected, the override on Hdd, no agent running.
    expect(emulator!.system(SYSTEM_ID)!.boot).toMatchObject({ BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Continuous' });
    expect(machines!.agentPid(SYSTEM_ID)).toBeUndefined();
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
    await call('PUT', `/v1/nodes/${uuid}/traits/${RUNBOOK}`, undefined, 204);
    // firmware.update needs no agent when servicing (Ironic 2026.1's requires_ramdisk=False): no agent boots, the
    // instance keeps its disk and the update goes through the BMC.
    const agents = machines!.boots.length;
    const { node } = await provision({ target: 'service', runbook: RUNBOOK }, ['servicing'], 'active', ['servicing', 'active']);
    expect(machines!.boots.length).toBe(agents);
    expect(node.power_state).toBe('power on');
    expect(node.service_step).toEqual({});
    const firmware = await call('GET', `/v1/nodes/${uuid}/firmware`, undefined, 200);
    expect(firmware.firmware.find((c: { component: string }) => c.component === 'bmc')).toMatchObject({ current_version: '5.10' });
    // The instance and its config drive are untouched.
    expect(readFileSync(disk).equals(deployed)).toBe(true);
  });

  step('virtual media (DataImage): attach, get, detach', async () => {
    const image = `${images.url}/data-image.iso`;
    await call('POST', `/v1/nodes/${uuid}/vmedia`, { device_type: 'cdrom', image_url: image }, 204);
    await http.until(`/v1/nodes/${uuid}`, (n) => !n.reservation, 30_000);
    const listed = await call('GET', `/v1/nodes/${uuid}/vmedia`, undefined, 200);
    expect(JSON.stringify(listed)).toContain(image);
    await call('DELETE', `/v1/nodes/${uuid}/vmedia`, undefined, 204);
    await http.until(`/v1/nodes/${uuid}`, (n) => !n.reservation, 30_000);
    const after = await call('GET', `/v1/nodes/${uuid}/vmedia`, undefined, 200);
    expect(JSON.stringify(after)).not.toContain(image);
    const node = await call('GET', `/v1/nodes/${uuid}`, undefined, 200);
    expect({ state: node.provision_state, last_error: node.last_error }).toEqual({ state: 'active', last_error: null });
  });

  step('BMC event subscription (BMCEventSubscription) through vendor passthru: create, then delete', async () => {
    const destination = 'http://127.0.0.1:9/events';
    const created = await call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=create_subscription`, { Destination: destination }, 200);
    // Ironic answers the BMC's subscription, filtered to these fields (BMO keeps its Id).
    expect(created).toEqual({ Id: expect.any(String), Destination: destination, Protocol: 'Redfish', Context: '', EventTypes: ['Alert'] });
    expect(emulator!.events.list().map((s) => s.destination)).toEqual([destination]);
    await call('DELETE', `/v1/nodes/${uuid}/vendor_passthru?method=delete_subscription`, { id: created.Id }, 200);
    const all = await call('GET', `/v1/nodes/${uuid}/vendor_passthru?method=get_all_subscriptions`, undefined, 200);
    expect(all.Members).toEqual([]);
    expect(emulator!.events.list()).toEqual([]);
  });

  step('undeploy: active → deleting → cleaning → available', async () => {
    const { node } = await provision({ target: 'deleted' }, ['deleting', 'cleaning', 'clean wait'], 'available', ['clean wait', 'available']);
    expect(node.instance_info).toEqual({});
    expect(node.power_state).toBe('power off');
    expect(readFileSync(disk).subarray(0, MIB).every((b) => b === 0)).toBe(true);
  });

  step('delete: the node and its port are gone', async () => {
    await call('DELETE', `/v1/nodes/${uuid}`, undefined, 204);
    expect((await http.get(`/v1/nodes/${uuid}`)).status).toBe(404);
    expect((await http.get(`/v1/ports/${portUuid}`)).status).toBe(404);
    expect(machines!.errors).toEqual([]);
    expect(machines!.agentPid(SYSTEM_ID)).toBeUndefined();
  });
});
