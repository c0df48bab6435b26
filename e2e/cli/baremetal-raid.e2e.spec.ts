import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAgainstFerrum } from '../support/baremetal-cli';
import { IronicHttp } from '../support/http';
import { randomMac, simKernelParams } from '../support/sim-machine';

const ROOT = join(__dirname, '..', '..');
const PLUGIN = join(ROOT, 'dist', 'libs', 'driver-sim-machine', 'src', 'index.js');

/**
 * RAID through the real `baremetal` CLI against an all-in-one Ferrum: `node set/unset --target-raid-config`
 * (validated as Ironic does), `driver raid property list`, and `node clean --clean-steps` with the RAID
 * steps — on fake RAID (no such steps, as Ironic's) and on the agent RAID of a simulated machine whose
 * real agent builds the software RAID on its simulated disks.
 */
describe('real baremetal CLI: RAID', () => {
  let work = '';
  const ctx = cliAgainstFerrum('CLI RAID conformance', () => {
    if (!existsSync(PLUGIN) || !existsSync(join(ROOT, 'dist', 'agent.js'))) throw new Error('run "npm run build" first: the plugin and dist/agent.js are missing');
    work = mkdtempSync(join(tmpdir(), 'ferrum-cli-raid-'));
    return {
      FERRUM_DRIVER_PLUGINS: PLUGIN,
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,sim-machine',
      FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '10',
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
    };
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });
  const bm = (...args: string[]) => ctx.cli.bm(...args);
  const bmFails = (...args: string[]) => ctx.cli.fails(...args);
  const settled = (uuid: string, states: string[]) =>
    new IronicHttp(ctx.cli.endpoint).until(`/v1/nodes/${uuid}`, (n) => states.includes(n.provision_state) && n.reservation === null, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ctx.ferrum.logs}`);
    });
  const maybe = (name: string, fn: () => Promise<void>) => ctx.maybe(name, fn, 240_000);

  maybe('lists the logical disk properties of a driver', async () => {
    const listed: { Property: string; Description: string }[] = await bm('driver', 'raid', 'property', 'list', 'fake-hardware');
    expect(listed.map((p) => p.Property).sort()).toEqual(
      ['controller', 'disk_type', 'interface_type', 'is_root_volume', 'number_of_physical_disks', 'physical_disks', 'raid_level', 'share_physical_disks', 'size_gb', 'volume_name'],
    );
    expect(listed.find((p) => p.Property === 'raid_level')?.Description).toBe(
      "RAID level for the logical disk. Valid values are 'JBOD', '0', '1', '2', '5', '6', '1+0', '5+0' and '6+0'. Required.",
    );
    expect(await bmFails('driver', 'raid', 'property', 'list', 'no-such-driver')).toContain("The driver 'no-such-driver' is unknown. (HTTP 404)");
  });

  maybe('sets, refuses and unsets a target RAID configuration; fake RAID has no RAID clean step', async () => {
    const { uuid } = await bm('node', 'create', '--driver', 'fake-hardware', '--raid-interface', 'fake', '--name', 'cli-raid-fake');
    const target = { logical_disks: [{ raid_level: '1', size_gb: 100, is_root_volume: true }, { raid_level: '0', size_gb: 'MAX' }] };
    await bm('node', 'set', 'cli-raid-fake', '--target-raid-config', JSON.stringify(target));
    expect((await bm('node', 'show', 'cli-raid-fake', '--fields', 'target_raid_config', 'raid_config')).target_raid_config).toEqual(target);
    // From a file too, as the CLI allows.
    const file = join(work, 'raid.json');
    writeFileSync(file, JSON.stringify({ logical_disks: [{ raid_level: '5', size_gb: 200 }] }));
    await bm('node', 'set', 'cli-raid-fake', '--target-raid-config', file);
    expect((await bm('node', 'show', 'cli-raid-fake')).target_raid_config).toEqual({ logical_disks: [{ raid_level: '5', size_gb: 200 }] });

    expect(await bmFails('node', 'set', 'cli-raid-fake', '--target-raid-config', '{"logical_disks": [{"raid_level": "4", "size_gb": 10}]}')).toContain(
      "RAID config validation error: '4' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']",
    );
    expect(await bmFails('node', 'set', 'cli-raid-fake', '--target-raid-config', JSON.stringify({ logical_disks: [target.logical_disks[0], target.logical_disks[0]] }))).toContain(
      'Raid config cannot have more than one root volume. 2 root volumes were specified',
    );

    await bm('node', 'manage', 'cli-raid-fake');
    await settled(uuid, ['manageable']);
    await bm('node', 'clean', 'cli-raid-fake', '--clean-steps', '[{"interface": "raid", "step": "create_configuration"}]');
    const failed = await settled(uuid, ['clean failed']);
    expect(failed.last_error).toBe(`Cannot clean node ${uuid}: node does not support this clean step: {'interface': 'raid', 'step': 'create_configuration'}`);
    expect(failed.raid_config).toEqual({});

    await bm('node', 'unset', 'cli-raid-fake', '--target-raid-config');
    expect((await bm('node', 'show', 'cli-raid-fake')).target_raid_config).toEqual({});
    await bm('node', 'create', '--driver', 'fake-hardware', '--raid-interface', 'no-raid', '--name', 'cli-raid-none');
    expect(await bmFails('node', 'set', 'cli-raid-none', '--target-raid-config', JSON.stringify(target))).toContain('Driver fake-hardware does not support raid (disabled or not implemented).');
  });

  maybe('cleans with raid create_configuration then delete_configuration through the agent of a simulated machine', async () => {
    const mac = randomMac();
    const disk = join(work, 'sim.disk');
    writeFileSync(disk, Buffer.alloc(1024 * 1024));
    const kernel = simKernelParams({ apiUrl: ctx.cli.endpoint, mac, target: disk, extra: ['ferrum-sim-disks=sda=200,sdb=200'] });
    const { uuid } = await bm('node', 'create', '--driver', 'sim-machine', '--raid-interface', 'agent', '--name', 'cli-raid-agent', '--driver-info', `sim_kernel_params=${kernel}`);
    await bm('port', 'create', mac, '--node', uuid);
    await bm('node', 'manage', 'cli-raid-agent');
    await settled(uuid, ['manageable']);
    const target = { logical_disks: [{ raid_level: '1', size_gb: 80, controller: 'software', is_root_volume: true }, { raid_level: '0', size_gb: 'MAX', controller: 'software' }] };
    await bm('node', 'set', 'cli-raid-agent', '--target-raid-config', JSON.stringify(target));

    await bm('node', 'clean', 'cli-raid-agent', '--clean-steps', '[{"interface": "raid", "step": "create_configuration"}]');
    await settled(uuid, ['manageable', 'clean failed']);
    const built = await bm('node', 'show', 'cli-raid-agent', '--fields', 'provision_state', 'last_error', 'raid_config', 'properties');
    expect({ state: built.provision_state, error: built.last_error }).toEqual({ state: 'manageable', error: null });
    expect(built.raid_config).toEqual({ ...target, last_updated: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/) });
    expect(built.properties).toMatchObject({ local_gb: 80, capabilities: 'raid_level:1' });

    await bm('node', 'clean', 'cli-raid-agent', '--clean-steps', '[{"interface": "raid", "step": "delete_configuration"}]');
    await settled(uuid, ['manageable', 'clean failed']);
    const deleted = await bm('node', 'show', 'cli-raid-agent', '--fields', 'provision_state', 'last_error', 'raid_config');
    expect(deleted).toEqual({ provision_state: 'manageable', last_error: null, raid_config: {} });

    // The agent declares no arguments for its RAID steps, so the CLI's are refused before any step runs: once the
    // agent is up and the steps are worked out, as Ironic's _heartbeat_clean_wait does for a `direct` node.
    await bm('node', 'clean', 'cli-raid-agent', '--clean-steps', '[{"interface": "raid", "step": "create_configuration", "args": {"create_root_volume": false}}]');
    const refused = await settled(uuid, ['clean failed']);
    expect(refused.last_error).toBe(
      `Node failed to start the first cleaning step: clean step {'interface': 'raid', 'step': 'create_configuration', 'args': {'create_root_volume': False}} has these unexpected arguments: create_root_volume`,
    );
  });
});
