import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { ImageServer } from './support/image-server';
import { randomMac, simKernelParams } from './support/sim-machine';

const ROOT = join(__dirname, '..');
const PLUGIN = join(ROOT, 'dist', 'libs', 'driver-sim-machine', 'src', 'index.js');
const TIMEOUT_MS = 90_000;

/**
 * The `agent` RAID interface with real processes: an all-in-one Ferrum, the sim-machine plugin whose power
 * on starts the real agent (dist/agent.js) with three simulated disks, and manual cleaning running
 * raid.create_configuration / raid.delete_configuration in that agent (IPA's software RAID, simulated).
 * The conductor records what the agent built as Ironic's update_raid_info does.
 */
describe('agent RAID through the real agent on simulated disks', () => {
  let ferrum: FerrumProcess;
  let http: IronicHttp;
  let apiUrl = '';
  let work = '';
  const images = new ImageServer();

  beforeAll(async () => {
    if (!existsSync(PLUGIN) || !existsSync(join(ROOT, 'dist', 'agent.js'))) throw new Error('run "npm run build" first: the plugin and dist/agent.js are missing');
    work = mkdtempSync(join(tmpdir(), 'ferrum-raid-'));
    await images.start();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    ferrum = new FerrumProcess('all', {
      FERRUM_DRIVER_PLUGINS: PLUGIN,
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,sim-machine',
      FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '10',
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '200',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '10',
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_LOG_LEVEL: 'warn',
    });
    http = new IronicHttp(apiUrl);
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
  });

  afterAll(async () => {
    await ferrum?.kill();
    await images.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A manageable sim-machine node with the agent RAID interface and disks of these sizes (GiB). */
  async function raidNode(name: string, disks: string): Promise<string> {
    const target = join(work, `${name}.disk`);
    writeFileSync(target, Buffer.alloc(32 * 1024 * 1024));
    const mac = randomMac();
    const kernel = simKernelParams({ apiUrl, mac, target, extra: ['ipa-lookup-timeout=60', `ferrum-sim-disks=${disks}`] });
    const created = await http.post('/v1/nodes', { name, driver: 'sim-machine', raid_interface: 'agent', driver_info: { sim_kernel_params: kernel }, properties: { local_gb: 10 } });
    expect(created.status).toBe(201);
    const uuid = created.json.uuid as string;
    expect((await http.post('/v1/ports', { node_uuid: uuid, address: mac })).status).toBe(201);
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'manage' })).status).toBe(202);
    await http.until(`/v1/nodes/${uuid}`, (n) => n.provision_state === 'manageable' && !n.reservation, 30_000);
    return uuid;
  }

  async function clean(uuid: string, steps: unknown[]): Promise<any> {
    const answer = await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'clean', clean_steps: steps });
    expect(answer.status).toBe(202);
    try {
      return await http.until(`/v1/nodes/${uuid}`, (n) => !['cleaning', 'clean wait'].includes(n.provision_state) && !n.reservation, TIMEOUT_MS);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${ferrum.logs}`);
    }
  }

  /** From clean failed (in maintenance) back to manageable. */
  async function recover(uuid: string): Promise<void> {
    expect((await http.patch(`/v1/nodes/${uuid}`, [{ op: 'replace', path: '/maintenance', value: false }])).status).toBe(200);
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'manage' })).status).toBe(202);
    await http.until(`/v1/nodes/${uuid}`, (n) => n.provision_state === 'manageable' && !n.reservation, 30_000);
  }

  const setTarget = (uuid: string, config: unknown) => http.put(`/v1/nodes/${uuid}/states/raid`, config);

  it(
    'builds the target in the agent, records raid_config, local_gb and the raid_level capability, then deletes it',
    async () => {
      const uuid = await raidNode('raid-ok', 'sda=100,sdb=100,sdc=80');
      const target = {
        logical_disks: [
          { raid_level: '1', size_gb: 40, controller: 'software', is_root_volume: true },
          { raid_level: '5', size_gb: 'MAX', controller: 'software' },
        ],
      };
      expect((await setTarget(uuid, target)).status).toBe(204);
      const built = await clean(uuid, [{ interface: 'raid', step: 'create_configuration' }]);
      expect({ state: built.provision_state, last_error: built.last_error }).toEqual({ state: 'manageable', last_error: null });
      // What IPA's software RAID reports is the configuration it built; Ironic stamps it.
      expect(built.raid_config).toEqual({ ...target, last_updated: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/) });
      expect(built.target_raid_config).toEqual(target);
      expect(built.properties).toMatchObject({ local_gb: 40, capabilities: 'raid_level:1' });
      // The agent booted before the step and was powered off when cleaning ended (tear_down_cleaning).
      expect(built.power_state).toBe('power off');

      const deleted = await clean(uuid, [{ interface: 'raid', step: 'delete_configuration' }]);
      expect({ state: deleted.provision_state, last_error: deleted.last_error, raid_config: deleted.raid_config }).toEqual({ state: 'manageable', last_error: null, raid_config: {} });
      expect(deleted.properties).toMatchObject({ local_gb: 40, capabilities: 'raid_level:1' });
    },
    TIMEOUT_MS * 3,
  );

  it(
    "fails the clean with the agent's error when the disks cannot hold the target, and refuses to build without a target",
    async () => {
      const uuid = await raidNode('raid-small', 'sda=50,sdb=50');
      expect((await setTarget(uuid, { logical_disks: [{ raid_level: '1', size_gb: 20, controller: 'software' }, { raid_level: '5', size_gb: 'MAX', controller: 'software' }] })).status).toBe(204);
      const refused = await clean(uuid, [{ interface: 'raid', step: 'create_configuration' }]);
      expect(refused.provision_state).toBe('clean failed');
      expect(refused.last_error).toContain('Clean step raid.create_configuration failed');
      expect(refused.last_error).toContain(`Could not validate Software RAID config for ${uuid}: Software RAID configuration is not possible for RAID level 5 with only 2 block devices found.`);
      expect(refused.raid_config).toEqual({});

      // Back to manageable, a target larger than the disks, then none at all.
      await recover(uuid);
      expect((await setTarget(uuid, { logical_disks: [{ raid_level: '1', size_gb: 60, controller: 'software' }] })).status).toBe(204);
      const tooBig = await clean(uuid, [{ interface: 'raid', step: 'create_configuration' }]);
      expect(tooBig.last_error).toContain('Failed to create partitions on /dev/sda: not enough free space (60 GiB asked, 50 GiB left)');

      await recover(uuid);
      expect((await setTarget(uuid, {})).status).toBe(204);
      const none = await clean(uuid, [{ interface: 'raid', step: 'create_configuration' }]);
      expect(none.last_error).toBe(`Clean step raid.create_configuration failed on node ${uuid}: Node ${uuid} has no target RAID configuration.`);

      // No logical disk for the 'software' controller: IPA builds nothing and says so with an empty result, which Ironic refuses.
      await recover(uuid);
      expect((await setTarget(uuid, { logical_disks: [{ raid_level: '1', size_gb: 10 }] })).status).toBe(204);
      const nothing = await clean(uuid, [{ interface: 'raid', step: 'create_configuration' }]);
      expect(nothing.last_error).toContain(`Agent ramdisk didn't return a proper command result while building RAID on ${uuid}. It returned '{`);
      expect(nothing.last_error).toContain("'clean_result': {}");
      // As Ironic's tear_down_inband_cleaning after a failed step (fault clean failure): the machine is left running.
      expect(nothing).toMatchObject({ power_state: 'power on', maintenance: true, fault: 'clean failure' });
    },
    TIMEOUT_MS * 4,
  );

  it(
    'applies a RAID configuration from the deploy template the instance asks for (raid.apply_configuration) and deploys on',
    async () => {
      const uuid = await raidNode('raid-deploy', 'sda=100,sdb=100');
      expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'provide' })).status).toBe(202);
      await http.until(`/v1/nodes/${uuid}`, (n) => n.provision_state === 'available' && !n.reservation, TIMEOUT_MS);
      const patched = await http.patch(`/v1/nodes/${uuid}`, [
        { op: 'add', path: '/instance_info/image_source', value: `${images.url}/disk.raw` },
        { op: 'add', path: '/instance_info/image_checksum', value: images.hash('sha256', images.raw) },
        { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
      ]);
      expect(patched.status).toBe(200);
      const config = { logical_disks: [{ raid_level: '1', size_gb: 30, controller: 'software', is_root_volume: true }] };
      // A deploy template named by a trait the instance asks for (as Nova passes a flavor's required traits) adds the step.
      const template = await http.post('/v1/deploy_templates', {
        name: 'CUSTOM_RAID1_ROOT',
        steps: [{ interface: 'raid', step: 'apply_configuration', args: { raid_config: config }, priority: 90 }],
      });
      expect(template.status).toBe(201);
      expect((await http.patch(`/v1/nodes/${uuid}`, [{ op: 'add', path: '/instance_info/traits', value: ['CUSTOM_RAID1_ROOT'] }])).status).toBe(200);
      expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'active' })).status).toBe(202);
      const node = await http
        .until(`/v1/nodes/${uuid}`, (n) => ['active', 'deploy failed'].includes(n.provision_state) && !n.reservation, TIMEOUT_MS)
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${ferrum.logs}`);
        });
      expect({ state: node.provision_state, last_error: node.last_error }).toEqual({ state: 'active', last_error: null });
      expect(node.raid_config).toEqual({ ...config, last_updated: expect.any(String) });
      expect(node.properties).toMatchObject({ local_gb: 30, capabilities: 'raid_level:1' });
      // The deploy step does not touch the target: Ironic's agent RAID applies the configuration given.
      expect(node.target_raid_config).toEqual({});

      // Servicing (API 1.87) with the same step: the agent boots on the active node (the step needs it), rebuilds
      // the RAID, and the node boots its instance again.
      const api = new IronicHttp(apiUrl, '1.87');
      const rebuilt = { logical_disks: [{ raid_level: '1', size_gb: 40, controller: 'software', is_root_volume: true }, { raid_level: '0', size_gb: 20, controller: 'software' }] };
      const service = await api.put(`/v1/nodes/${uuid}/states/provision`, { target: 'service', service_steps: [{ interface: 'raid', step: 'apply_configuration', args: { raid_config: rebuilt } }] });
      expect(service.status).toBe(202);
      const serviced = await api
        .until(`/v1/nodes/${uuid}`, (n) => ['active', 'service failed'].includes(n.provision_state) && n.provision_state !== 'servicing' && !n.reservation, TIMEOUT_MS)
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${ferrum.logs}`);
        });
      expect({ state: serviced.provision_state, last_error: serviced.last_error, service_step: serviced.service_step }).toEqual({ state: 'active', last_error: null, service_step: {} });
      expect(serviced.raid_config).toEqual({ ...rebuilt, last_updated: expect.any(String) });
      expect(serviced.power_state).toBe('power on');
    },
    TIMEOUT_MS * 3,
  );
});
