import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { ImageServer } from './support/image-server';
import { randomMac, simKernelParams } from './support/sim-machine';

const ROOT = join(__dirname, '..');
const PLUGIN = join(ROOT, 'dist', 'libs', 'driver-sim-machine', 'src', 'index.js');
const MIB = 1024 * 1024;
const DEPLOY_TIMEOUT_MS = 120_000;

type Mode = 'all-in-one' | 'split (PostgreSQL + NATS)';

/**
 * The whole agent deploy with real processes: Ferrum (one process, or API + conductor over PostgreSQL and
 * NATS), the sim-machine driver plugin whose power on starts the real agent (node dist/agent.js) with
 * kernel-style parameters, and an HTTP server with the images. manage → provide (automated cleaning wipes
 * the disk's metadata through the agent) → deploy → active, then the target file is compared with the image.
 */
describe.each<Mode>(['all-in-one', 'split (PostgreSQL + NATS)'])('agent deploy with real processes (%s)', (mode) => {
  let available = true;
  const procs: FerrumProcess[] = [];
  let db: { url: string; drop(): Promise<void> } | undefined;
  let http: IronicHttp;
  let apiUrl: string;
  const images = new ImageServer();
  let work = '';
  const logs = () => procs.map((p) => `--- ${p.role}\n${p.logs}`).join('\n');

  beforeAll(async () => {
    if (!existsSync(PLUGIN) || !existsSync(join(ROOT, 'dist', 'agent.js'))) throw new Error('run "npm run build" first: the plugin and dist/agent.js are missing');
    work = mkdtempSync(join(tmpdir(), 'ferrum-targets-'));
    await images.start();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const common: Record<string, string> = {
      FERRUM_DRIVER_PLUGINS: PLUGIN,
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management,sim-machine',
      // Agents beat every 3–6 s (30–60 % of this), and at most 5 s after a finished command.
      FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '10',
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '200',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '10',
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_LOG_LEVEL: 'warn',
    };
    if (mode === 'all-in-one') {
      procs.push(new FerrumProcess('all', { ...common, FERRUM_DB_DIR: 'memory://' }));
    } else {
      available =
        (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: split agent deploy e2e skipped')) &&
        (await useRealService('NATS', TEST_NATS_URL, 'nothing: split agent deploy e2e skipped'));
      if (!available) return;
      db = await createPostgresDatabase();
      const split = { ...common, DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, FERRUM_NATS_NAMESPACE: testNamespace(), FERRUM_HEARTBEAT_INTERVAL_S: '2', FERRUM_HEARTBEAT_TIMEOUT_S: '6' };
      const conductor = new FerrumProcess('conductor', { ...split, FERRUM_LOG_LEVEL: 'info', FERRUM_CONDUCTOR_HOSTNAME: `agent-e2e-${randomBytes(3).toString('hex')}` });
      procs.push(conductor);
      await conductor.waitForLog(/conductor registered/, 30_000);
      procs.push(new FerrumProcess('api', split));
    }
    http = new IronicHttp(apiUrl);
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${logs()}`);
    });
  });

  afterAll(async () => {
    // The conductor's machines (agent processes) go with it.
    await Promise.all(procs.map((p) => p.kill()));
    await db?.drop();
    await images.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const maybe = (name: string, fn: () => Promise<void>, timeout = DEPLOY_TIMEOUT_MS * 2) =>
    it(
      name,
      async () => {
        if (!available) return;
        await fn();
      },
      timeout,
    );

  /** A sim-machine node whose "disk" is a file holding old data, with one NIC, moved to available. */
  async function availableNode(name: string, channel: 'passthru' | 'lookup'): Promise<{ uuid: string; target: string }> {
    const target = join(work, `${name}.disk`);
    writeFileSync(target, Buffer.alloc(32 * MIB, 0xab));
    const mac = randomMac();
    const kernel = simKernelParams({
      apiUrl,
      mac,
      target,
      extra: [
        'ipa-lookup-timeout=60',
        'ipa-image-download-connection-retry-interval=0.2',
        // The legacy channel: lookup through driver passthru on a hardware type an agent boots on, as old IPAs do.
        ...(channel === 'passthru' ? ['ipa-driver-name=manual-management'] : []),
      ],
    });
    const created = await http.post('/v1/nodes', { name, driver: 'sim-machine', driver_info: { sim_kernel_params: kernel } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ deploy_interface: 'direct', power_interface: 'sim' });
    const uuid = created.json.uuid as string;
    expect((await http.post('/v1/ports', { node_uuid: uuid, address: mac })).status).toBe(201);
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'manage' })).status).toBe(202);
    await http.until(`/v1/nodes/${uuid}`, (n) => n.provision_state === 'manageable' && !n.reservation, 30_000);
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'provide' })).status).toBe(202);
    const node = await waitStable(uuid);
    expect({ state: node.provision_state, last_error: node.last_error }).toEqual({ state: 'available', last_error: null });
    // Automated cleaning ran erase_devices_metadata through the agent: the first MiB is zeroes now.
    const disk = readFileSync(target);
    expect(disk.subarray(0, MIB).every((b) => b === 0)).toBe(true);
    expect(disk.subarray(2 * MIB, 3 * MIB).every((b) => b === 0xab)).toBe(true);
    expect(node.power_state).toBe('power off');
    return { uuid, target };
  }

  /** Waits for the node to leave every transient and waiting state. */
  async function waitStable(uuid: string): Promise<any> {
    try {
      return await http.until(
        `/v1/nodes/${uuid}`,
        (n) => !['cleaning', 'clean wait', 'deploying', 'wait call-back', 'verifying', 'deleting', 'servicing', 'service wait'].includes(n.provision_state) && !n.reservation,
        DEPLOY_TIMEOUT_MS,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${logs()}`);
    }
  }

  async function deploy(uuid: string, instanceInfo: Record<string, unknown>): Promise<any> {
    const patched = await http.patch(`/v1/nodes/${uuid}`, Object.entries(instanceInfo).map(([k, v]) => ({ op: 'add', path: `/instance_info/${k}`, value: v })));
    expect(patched.status).toBe(200);
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'active' })).status).toBe(202);
    return waitStable(uuid);
  }

  maybe('deploys a raw image (lookup through driver passthru, checksum by length): active, and the disk holds the image byte for byte', async () => {
    const { uuid, target } = await availableNode(`raw-${mode.slice(0, 3)}`, 'passthru');
    // A data volume (no boot volume: the node does not say it can boot from one): Ironic's direct deploy deletes it at tear-down.
    const volume = await http.post('/v1/volume/targets', { node_uuid: uuid, volume_type: 'iscsi', boot_index: 1, volume_id: 'data-vol' });
    expect(volume.status).toBe(201);
    const node = await deploy(uuid, { image_source: `${images.url}/disk.raw`, image_checksum: images.hash('sha256', images.raw), image_disk_format: 'raw' });
    expect({ state: node.provision_state, last_error: node.last_error, power: node.power_state }).toEqual({ state: 'active', last_error: null, power: 'power on' });
    expect(readFileSync(target).equals(readFileSync(images.raw))).toBe(true);
    // The agent was powered off after writing: its token and URL are gone; the deploy left no step behind.
    expect(node.driver_internal_info).not.toHaveProperty('agent_url');
    expect(node.driver_internal_info).not.toHaveProperty('agent_secret_token');
    expect(node.deploy_step).toEqual({});
    // Its power actions are stamped as Ironic's node_power_action stamps them: a zone-less time.
    expect(node.driver_internal_info.last_power_state_change).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);

    // Servicing (1.87) boots the agent again; its heartbeat runs the steps, then the node boots its instance.
    const service = await http.request('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'service', service_steps: [{ interface: 'power', step: 'wait', args: { seconds: 0 } }] }, { 'X-OpenStack-Ironic-API-Version': '1.87' });
    expect(service.status).toBe(202);
    const serviced = await waitStable(uuid);
    expect({ state: serviced.provision_state, last_error: serviced.last_error, power: serviced.power_state }).toEqual({ state: 'active', last_error: null, power: 'power on' });
    expect(serviced.driver_internal_info).toMatchObject({ service_steps: null });
    // Only the agent's heartbeat takes a node out of `service wait` (the agent was off since the deploy); the instance is untouched.
    expect(readFileSync(target).equals(readFileSync(images.raw))).toBe(true);

    // Undeploy runs automated cleaning, which wipes the disk's metadata through the agent again.
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'deleted' })).status).toBe(202);
    const cleaned = await waitStable(uuid);
    expect({ state: cleaned.provision_state, last_error: cleaned.last_error }).toEqual({ state: 'available', last_error: null });
    expect((await http.get(`/v1/volume/targets/${volume.json.uuid as string}`)).status).toBe(404);
    const disk = readFileSync(target);
    expect(disk.subarray(0, MIB).every((b) => b === 0)).toBe(true);
    expect(disk.subarray(MIB, 2 * MIB).equals(readFileSync(images.raw).subarray(MIB, 2 * MIB))).toBe(true);
  });

  maybe('deploys a qcow2 image (GET /v1/lookup, sha512 os_hash, retried broken download): the disk holds what qemu-img convert makes of it', async () => {
    const { uuid, target } = await availableNode(`qcow2-${mode.slice(0, 3)}`, 'lookup');
    images.breakNext.set('disk.qcow2', 1);
    const before = images.hits.get('disk.qcow2') ?? 0;
    const node = await deploy(uuid, {
      image_source: `${images.url}/disk.qcow2`,
      image_os_hash_algo: 'sha512',
      image_os_hash_value: images.hash('sha512', images.qcow2),
      image_disk_format: 'qcow2',
    });
    expect({ state: node.provision_state, last_error: node.last_error }).toEqual({ state: 'active', last_error: null });
    expect(readFileSync(target).equals(readFileSync(images.expectedQcow2Raw))).toBe(true);
    expect((images.hits.get('disk.qcow2') ?? 0) - before).toBe(2);
  });

  maybe('ends a deploy whose image does not match its checksum in deploy failed, with the agent\'s error in last_error', async () => {
    const { uuid, target } = await availableNode(`bad-${mode.slice(0, 3)}`, 'passthru');
    const wrong = images.hash('md5', images.qcow2);
    const node = await deploy(uuid, { image_source: `${images.url}/disk.raw`, image_checksum: wrong, image_disk_format: 'raw' });
    expect(node.provision_state).toBe('deploy failed');
    expect(node.last_error).toContain('Agent failed step write_image');
    expect(node.last_error).toContain(`failed verification: md5 of the downloaded data is ${images.hash('md5', images.raw)}, expected ${wrong}`);
    expect(node.last_error).not.toMatch(/written to device/);
    expect(existsSync(target)).toBe(true);
  });

  maybe('takes the checksum from a checksum file URL', async () => {
    const { uuid, target } = await availableNode(`sums-${mode.slice(0, 3)}`, 'lookup');
    const node = await deploy(uuid, { image_source: `${images.url}/disk.raw`, image_checksum: `${images.url}/SHA256SUMS`, image_disk_format: 'raw' });
    expect({ state: node.provision_state, last_error: node.last_error }).toEqual({ state: 'active', last_error: null });
    expect(readFileSync(target).equals(readFileSync(images.raw))).toBe(true);
  });
});
