import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAgainstFerrum } from '../support/baremetal-cli';
import { randomMac, simKernelParams } from '../support/sim-machine';

const ROOT = join(__dirname, '..', '..');
const PLUGIN = join(ROOT, 'dist', 'libs', 'driver-sim-machine', 'src', 'index.js');

/**
 * In-band inspection with Ironic's `agent` inspect interface through the real `baremetal` CLI against an
 * all-in-one Ferrum: `node create --inspect-interface agent`, `node inspect --wait`, and what inspection
 * found shown by `node show` and `node trait list` — the agent of a simulated machine posting its inventory
 * to the API's /v1/continue_inspection, a built-in inspection rule tagging it.
 */
describe('real baremetal CLI: agent inspection', () => {
  const work = mkdtempSync(join(tmpdir(), 'ferrum-cli-inspect-'));
  const ctx = cliAgainstFerrum('CLI agent inspection', () => {
    if (!existsSync(PLUGIN) || !existsSync(join(ROOT, 'dist', 'agent.js'))) throw new Error('run "npm run build" first: the plugin and dist/agent.js are missing');
    writeFileSync(
      join(work, 'rules.yaml'),
      '- description: tag what the agent inspected\n  actions:\n    - op: add-trait\n      args: {name: CUSTOM_AGENT_INSPECTED}\n',
    );
    return {
      FERRUM_DRIVER_PLUGINS: PLUGIN,
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,sim-machine',
      FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
      FERRUM_INSPECTION_HOOKS: 'ramdisk-error,validate-interfaces,ports,architecture,memory,cpus',
      FERRUM_INSPECTION_BUILT_IN_RULES: join(work, 'rules.yaml'),
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
    };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const bm = (...args: string[]) => ctx.cli.bm(...args);

  ctx.maybe('node inspect --wait brings an agent-interface node back to manageable with what its agent reported', async () => {
    const mac = randomMac();
    const params = simKernelParams({ apiUrl: ctx.cli.endpoint, mac, target: join(work, 'disk.img'), extra: [`ipa-inspection-callback-url=${ctx.cli.endpoint}/v1/continue_inspection`] });
    const node = await bm('node', 'create', '--driver', 'sim-machine', '--inspect-interface', 'agent', '--driver-info', `sim_kernel_params=${params}`, '--name', 'cli-agent-inspect');
    expect(node.inspect_interface).toBe('agent');
    await bm('port', 'create', mac, '--node', node.uuid);
    await bm('node', 'manage', node.uuid, '--wait', '60');
    const out = await ctx.cli.run('node', 'inspect', node.uuid, '--wait', '90');
    if (out.code !== 0) throw new Error(`${out.out}\n${ctx.ferrum.logs}`);

    const shown = await bm('node', 'show', node.uuid, '--fields', 'provision_state', 'last_error', 'properties', 'inspection_finished_at');
    expect(shown).toMatchObject({ provision_state: 'manageable', last_error: null });
    expect(shown.inspection_finished_at).not.toBeNull();
    expect(shown.properties).toMatchObject({ cpu_arch: expect.any(String), cpus: expect.any(Number), memory_mb: expect.any(Number) });
    expect(shown.properties.cpus).toBeGreaterThan(0);
    expect(await bm('node', 'trait', 'list', node.uuid)).toEqual([{ Traits: 'CUSTOM_AGENT_INSPECTED' }]);
    const ports = await bm('port', 'list', '--node', node.uuid, '--fields', 'address', 'pxe_enabled');
    expect(ports).toEqual([{ Address: mac, 'PXE boot enabled': true }]);
  });
});
