import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const run = promisify(execFile);
const BAREMETAL = '/usr/bin/baremetal';

/**
 * Conformance with the real client: python-ironicclient's `baremetal` CLI (Debian python3-ironicclient)
 * drives an all-in-one Ferrum. Mandatory under CI=true (.ci/run installs the CLI); skipped elsewhere if absent.
 */
describe('real baremetal CLI against Ferrum', () => {
  const available = existsSync(BAREMETAL);
  let ferrum: FerrumProcess;
  let endpoint: string;

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error(`${BAREMETAL} is required under CI=true (apt-get install python3-ironicclient)`);
      process.stderr.write('[ferrum tests] baremetal CLI not installed: CLI conformance skipped\n');
      return;
    }
    const port = await freePort();
    ferrum = new FerrumProcess('all', { FERRUM_API_PORT: String(port), FERRUM_INSPECTOR_PORT: String(await freePort()), FERRUM_DB_DIR: 'memory://' });
    endpoint = `http://127.0.0.1:${port}`;
    await new IronicHttp(endpoint).waitUntilUp(30_000);
  });
  afterAll(async () => {
    await ferrum?.kill();
  });

  /** Runs `baremetal …`; with `-f json` appended, returns the parsed output. */
  async function bm(...args: string[]): Promise<any> {
    const json = args.includes('list') || args.includes('show') || args.includes('create');
    const full = ['--os-endpoint', endpoint, '--os-auth-type', 'none', ...args, ...(json ? ['-f', 'json'] : [])];
    try {
      const { stdout } = await run(BAREMETAL, full, { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, timeout: 60_000 });
      return json ? JSON.parse(stdout) : stdout;
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      throw new Error(`baremetal ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
    }
  }
  const bmFails = async (...args: string[]): Promise<string> => {
    try {
      await bm(...args);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`baremetal ${args.join(' ')} should have failed`);
  };
  const maybe = (name: string, fn: () => Promise<void>, timeout = 120_000) =>
    it(name, async () => {
      if (available) await fn();
    }, timeout);

  maybe('node create / list / show / set / unset / power / delete', async () => {
    const created = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-node-1', '--driver-info', 'ipmi_password=s3cret', '--driver-info', 'ipmi_address=10.1.1.1', '--property', 'cpus=4', '--property', 'memory_mb=8192');
    expect(created).toMatchObject({ name: 'cli-node-1', driver: 'fake-hardware', provision_state: 'enroll' });
    expect(created.driver_info).toEqual({ ipmi_password: '******', ipmi_address: '10.1.1.1' });
    const uuid: string = created.uuid;

    const list = await bm('node', 'list');
    expect(list).toContainEqual(expect.objectContaining({ UUID: uuid, Name: 'cli-node-1', 'Provisioning State': 'enroll', Maintenance: false }));
    const long = await bm('node', 'list', '--long');
    expect(long.find((n: any) => n.UUID === uuid)).toMatchObject({ Driver: 'fake-hardware', 'Power Interface': 'fake' });
    const fields = await bm('node', 'list', '--fields', 'uuid', 'name', 'driver');
    expect(fields.find((n: any) => n.UUID === uuid)).toEqual({ UUID: uuid, Name: 'cli-node-1', Driver: 'fake-hardware' });
    expect((await bm('node', 'list', '--driver', 'fake-hardware')).map((n: any) => n.UUID)).toContain(uuid);
    expect(await bm('node', 'list', '--driver', 'ipmi')).toEqual([]);
    expect((await bm('node', 'list', '--provision-state', 'enroll')).map((n: any) => n.UUID)).toContain(uuid);
    expect((await bm('node', 'list', '--unassociated')).map((n: any) => n.UUID)).toContain(uuid);

    await bm('node', 'set', 'cli-node-1', '--property', 'local_gb=100', '--extra', 'rack=r1', '--description', 'from the cli');
    let shown = await bm('node', 'show', 'cli-node-1');
    // The CLI JSON-decodes key=value values, so numbers arrive as numbers.
    expect(shown.properties).toEqual({ cpus: 4, memory_mb: 8192, local_gb: 100 });
    expect(shown).toMatchObject({ extra: { rack: 'r1' }, description: 'from the cli' });
    await bm('node', 'unset', 'cli-node-1', '--property', 'cpus', '--extra', 'rack', '--description');
    shown = await bm('node', 'show', uuid);
    expect(shown.properties).toEqual({ memory_mb: 8192, local_gb: 100 });
    expect(shown.extra).toEqual({});
    expect(shown.description).toBeNull();
    const someFields = await bm('node', 'show', uuid, '--fields', 'uuid', 'power_state');
    expect(someFields).toEqual({ uuid, power_state: null });

    await bm('node', 'power', 'on', uuid);
    await new IronicHttp(endpoint).until(`/v1/nodes/${uuid}`, (n) => n.power_state === 'power on' && n.reservation === null);
    await bm('node', 'power', 'off', uuid);
    await new IronicHttp(endpoint).until(`/v1/nodes/${uuid}`, (n) => n.power_state === 'power off' && n.reservation === null);
    expect((await bm('node', 'show', uuid)).power_state).toBe('power off');

    expect(await bmFails('node', 'create', '--driver', 'no-such-driver')).toMatch(/No valid host|driver/i);
    expect(await bmFails('node', 'show', 'no-such-node')).toMatch(/could not be found/);

    await bm('node', 'delete', uuid);
    expect(await bmFails('node', 'show', uuid)).toMatch(/could not be found/);
  });

  maybe('port create / list / show / set / delete', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-port-node');
    const port = await bm('port', 'create', '52:54:00:AB:CD:EF', '--node', node.uuid, '--extra', 'slot=1');
    expect(port).toMatchObject({ address: '52:54:00:ab:cd:ef', node_uuid: node.uuid, extra: { slot: 1 }, pxe_enabled: true });
    expect(await bm('port', 'list')).toContainEqual({ UUID: port.uuid, Address: '52:54:00:ab:cd:ef' });
    expect(await bm('port', 'list', '--address', '52:54:00:ab:cd:ef')).toEqual([{ UUID: port.uuid, Address: '52:54:00:ab:cd:ef' }]);
    expect((await bm('port', 'list', '--node', node.uuid)).map((p: any) => p.UUID)).toEqual([port.uuid]);
    await bm('port', 'set', port.uuid, '--extra', 'slot=2', '--physical-network', 'physnet1');
    expect(await bm('port', 'show', port.uuid)).toMatchObject({ extra: { slot: 2 }, physical_network: 'physnet1' });
    expect(await bmFails('port', 'create', '52:54:00:ab:cd:ef', '--node', node.uuid)).toMatch(/already exists/);
    expect(await bmFails('port', 'create', 'not-a-mac', '--node', node.uuid)).toMatch(/MAC/i);
    await bm('port', 'delete', port.uuid);
    expect(await bm('port', 'list', '--node', node.uuid)).toEqual([]);
    await bm('node', 'delete', node.uuid);
  });

  maybe('chassis create / list / show / delete', async () => {
    const chassis = await bm('chassis', 'create', '--description', 'rack 42', '--extra', 'row=7');
    expect(chassis).toMatchObject({ description: 'rack 42', extra: { row: 7 } });
    expect(await bm('chassis', 'list')).toContainEqual({ UUID: chassis.uuid, Description: 'rack 42' });
    expect(await bm('chassis', 'show', chassis.uuid)).toMatchObject({ uuid: chassis.uuid, description: 'rack 42' });
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--chassis-uuid', chassis.uuid);
    expect(await bmFails('chassis', 'delete', chassis.uuid)).toMatch(/contains nodes/);
    await bm('node', 'delete', node.uuid);
    await bm('chassis', 'delete', chassis.uuid);
    expect(await bmFails('chassis', 'show', chassis.uuid)).toMatch(/could not be found/);
  });

  maybe('port group create / list / show / set / delete, with member ports', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-pg-node');
    const group = await bm('port', 'group', 'create', '--node', node.uuid, '--name', 'cli-bond0', '--address', '52:54:00:ab:cd:01', '--mode', '802.3ad', '--property', 'miimon=100', '--unsupport-standalone-ports');
    expect(group).toMatchObject({ name: 'cli-bond0', address: '52:54:00:ab:cd:01', mode: '802.3ad', properties: { miimon: 100 }, standalone_ports_supported: false, node_uuid: node.uuid });
    expect(await bm('port', 'group', 'list', '--node', node.uuid)).toEqual([{ UUID: group.uuid, Address: '52:54:00:ab:cd:01', Name: 'cli-bond0' }]);
    expect(await bm('port', 'group', 'show', 'cli-bond0')).toMatchObject({ uuid: group.uuid, mode: '802.3ad' });
    await bm('port', 'group', 'set', 'cli-bond0', '--extra', 'switch=sw1', '--support-standalone-ports');
    expect(await bm('port', 'group', 'show', group.uuid)).toMatchObject({ extra: { switch: 'sw1' }, standalone_ports_supported: true });
    const port = await bm('port', 'create', '52:54:00:ab:cd:02', '--node', node.uuid, '--port-group', group.uuid);
    expect(port.portgroup_uuid).toBe(group.uuid);
    expect((await bm('port', 'list', '--port-group', 'cli-bond0')).map((p: any) => p.UUID)).toEqual([port.uuid]);
    expect(await bmFails('port', 'group', 'delete', 'cli-bond0')).toMatch(/contains ports/);
    await bm('port', 'delete', port.uuid);
    await bm('port', 'group', 'delete', 'cli-bond0');
    expect(await bm('port', 'group', 'list', '--node', node.uuid)).toEqual([]);
    await bm('node', 'delete', node.uuid);
  });

  maybe('node vif attach / list / detach (flat network)', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-vifs', '--network-interface', 'flat');
    const port = await bm('port', 'create', '52:54:00:ab:cd:10', '--node', node.uuid);
    await bm('node', 'vif', 'attach', 'cli-vifs', 'tenant-vif-1');
    expect(await bm('node', 'vif', 'list', 'cli-vifs')).toEqual([{ ID: 'tenant-vif-1' }]);
    expect((await bm('port', 'show', port.uuid)).internal_info).toEqual({ tenant_vif_port_id: 'tenant-vif-1' });
    expect(await bmFails('node', 'vif', 'attach', 'cli-vifs', 'tenant-vif-2')).toMatch(/not enough free physical ports/);
    await bm('node', 'vif', 'detach', 'cli-vifs', 'tenant-vif-1');
    expect(await bm('node', 'vif', 'list', 'cli-vifs')).toEqual([]);
    await bm('node', 'delete', node.uuid);
  });

  maybe('deploy template create / list / show / set / delete', async () => {
    const steps = JSON.stringify([{ interface: 'deploy', step: 'deploy', args: {}, priority: 90 }]);
    const created = await bm('deploy', 'template', 'create', 'CUSTOM_CLI_TEMPLATE', '--steps', steps, '--extra', 'owner=cli');
    expect(created).toMatchObject({ name: 'CUSTOM_CLI_TEMPLATE', extra: { owner: 'cli' }, steps: [{ interface: 'deploy', step: 'deploy', priority: 90 }] });
    expect(await bm('deploy', 'template', 'list')).toContainEqual({ UUID: created.uuid, Name: 'CUSTOM_CLI_TEMPLATE' });
    await bm('deploy', 'template', 'set', 'CUSTOM_CLI_TEMPLATE', '--name', 'CUSTOM_CLI_RENAMED');
    expect((await bm('deploy', 'template', 'show', created.uuid)).name).toBe('CUSTOM_CLI_RENAMED');
    expect(await bmFails('deploy', 'template', 'create', 'not_a_trait', '--steps', steps)).toMatch(/Schema error/);
    await bm('deploy', 'template', 'delete', 'CUSTOM_CLI_RENAMED');
    expect(await bmFails('deploy', 'template', 'show', created.uuid)).toMatch(/could not be found/);
  });

  maybe('allocation create --wait / list / show / delete', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-alloc-node', '--resource-class', 'cli-rc');
    await bm('node', 'manage', 'cli-alloc-node', '--wait', '60');
    await bm('node', 'provide', 'cli-alloc-node', '--wait', '60');
    await bm('node', 'power', 'off', 'cli-alloc-node');
    const allocation = await bm('allocation', 'create', '--resource-class', 'cli-rc', '--name', 'cli-alloc', '--wait', '60');
    expect(allocation).toMatchObject({ name: 'cli-alloc', state: 'active', node_uuid: node.uuid, resource_class: 'cli-rc' });
    expect(await bm('allocation', 'list')).toContainEqual(expect.objectContaining({ UUID: allocation.uuid, 'Node UUID': node.uuid, State: 'active' }));
    expect((await bm('node', 'show', 'cli-alloc-node')).instance_uuid).toBe(allocation.uuid);
    expect(await bmFails('allocation', 'create', '--resource-class', 'cli-rc', '--wait', '60')).toMatch(/no available nodes match the resource class cli-rc/);
    await bm('allocation', 'delete', 'cli-alloc');
    expect((await bm('node', 'show', 'cli-alloc-node')).instance_uuid).toBeNull();
    for (const a of await bm('allocation', 'list')) await bm('allocation', 'delete', a.UUID);
    await bm('node', 'delete', node.uuid);
  });

  maybe('node bios setting list / show after a manual clean applies settings', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-bios', '--bios-interface', 'fake');
    await bm('node', 'manage', 'cli-bios', '--wait', '60');
    const steps = JSON.stringify([{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }] } }]);
    await bm('node', 'clean', 'cli-bios', '--clean-steps', steps, '--wait', '60');
    expect(await bm('node', 'bios', 'setting', 'list', 'cli-bios')).toEqual([{ 'BIOS setting name': 'ProcTurboMode', 'BIOS setting value': 'Disabled' }]);
    expect(await bm('node', 'bios', 'setting', 'show', 'cli-bios', 'ProcTurboMode')).toMatchObject({ name: 'ProcTurboMode', value: 'Disabled' });
    await bm('node', 'delete', node.uuid);
  });

  maybe('node add trait / trait list / remove trait', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-traits');
    await bm('node', 'add', 'trait', 'cli-traits', 'CUSTOM_GPU', 'HW_CPU_X86_AVX2');
    expect(await bm('node', 'trait', 'list', 'cli-traits')).toEqual([{ Traits: 'CUSTOM_GPU' }, { Traits: 'HW_CPU_X86_AVX2' }]);
    expect((await bm('node', 'show', 'cli-traits')).traits).toEqual(['CUSTOM_GPU', 'HW_CPU_X86_AVX2']);
    expect(await bmFails('node', 'add', 'trait', 'cli-traits', 'not_a_trait')).toMatch(/Schema error for trait/);
    await bm('node', 'remove', 'trait', 'cli-traits', 'CUSTOM_GPU');
    expect(await bm('node', 'trait', 'list', 'cli-traits')).toEqual([{ Traits: 'HW_CPU_X86_AVX2' }]);
    expect(await bmFails('node', 'remove', 'trait', 'cli-traits', 'CUSTOM_GPU')).toMatch(/doesn't have a trait 'CUSTOM_GPU'/);
    await bm('node', 'remove', 'trait', 'cli-traits', '--all');
    expect(await bm('node', 'trait', 'list', 'cli-traits')).toEqual([]);
    await bm('node', 'delete', node.uuid);
  });

  maybe('node set / unset --owner --lessee --retired --protected --network-data --automated-clean', async () => {
    const node = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-fields');
    const networkData = { links: [{ id: 'eth0', type: 'phy', ethernet_mac_address: '52:54:00:ab:cd:20' }], networks: [{ id: 'n0', type: 'ipv4_dhcp', link: 'eth0', network_id: 'prov' }], services: [] };
    await bm('node', 'set', 'cli-fields', '--owner', 'project-a', '--lessee', 'project-b', '--no-automated-clean', '--network-data', JSON.stringify(networkData));
    expect(await bm('node', 'show', 'cli-fields')).toMatchObject({ owner: 'project-a', lessee: 'project-b', automated_clean: false, network_data: networkData });
    // A group no conductor serves cannot take the node (group names are folded to lower case).
    expect(await bmFails('node', 'set', 'cli-fields', '--conductor-group', 'Rack-A')).toMatch(/No conductor service registered which supports driver fake-hardware for conductor group "rack-a"/);
    expect(await bmFails('node', 'set', 'cli-fields', '--network-data', JSON.stringify({ links: [{ id: 'eth0', type: 'wifi' }], networks: [], services: [] }))).toMatch(
      /Invalid network_data: .* is not valid under any of the given schemas/,
    );
    expect(await bmFails('node', 'set', 'cli-fields', '--protected')).toMatch(/can only be made protected in provision states 'active' or 'rescue'/);
    await bm('node', 'set', 'cli-fields', '--retired', '--retired-reason', 'end of life');
    expect(await bm('node', 'show', 'cli-fields')).toMatchObject({ retired: true, retired_reason: 'end of life' });
    await bm('node', 'unset', 'cli-fields', '--retired');
    expect(await bm('node', 'show', 'cli-fields')).toMatchObject({ retired: false, retired_reason: null });
    expect(await bmFails('node', 'set', 'cli-fields', '--retired-reason', 'again')).toMatch(/The retired_reason field can only be set when retired is True/);

    await bm('node', 'unset', 'cli-fields', '--owner', '--lessee', '--network-data');
    expect(await bm('node', 'show', 'cli-fields')).toMatchObject({ owner: null, lessee: null, network_data: {}, conductor_group: '' });
    await bm('node', 'manage', 'cli-fields', '--wait', '60');
    await bm('node', 'provide', 'cli-fields', '--wait', '60');
    await bm('node', 'deploy', 'cli-fields', '--wait', '60');
    await bm('node', 'set', 'cli-fields', '--protected', '--protected-reason', 'production');
    expect(await bm('node', 'show', 'cli-fields')).toMatchObject({ provision_state: 'active', protected: true, protected_reason: 'production' });
    expect(await bmFails('node', 'undeploy', 'cli-fields')).toMatch(/is protected and cannot be undeployed, rebuilt or deleted/);
    await bm('node', 'unset', 'cli-fields', '--protected');
    expect(await bm('node', 'show', 'cli-fields')).toMatchObject({ protected: false, protected_reason: null });
    await bm('node', 'undeploy', 'cli-fields', '--wait', '60');
    await bm('node', 'delete', node.uuid);
  }, 240_000);

  maybe('conductor list / show', async () => {
    const conductors = await bm('conductor', 'list');
    expect(conductors).toHaveLength(1);
    expect(conductors[0]).toMatchObject({ 'Conductor Group': '', Alive: true });
    const shown = await bm('conductor', 'show', conductors[0].Hostname);
    expect(shown).toMatchObject({ hostname: conductors[0].Hostname, alive: true, drivers: ['fake-hardware', 'ipmi', 'manual-management', 'redfish'] });
  });
});
