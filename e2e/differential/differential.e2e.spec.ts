import { randomBytes } from 'node:crypto';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { ALLOW_LIST } from './allow-list';
import { RealIronic, realIronicInstalled } from './real-ironic';
import { DifferentialRunner, Server } from './runner';
import { SCENARIOS } from './scenarios';

/**
 * Exactly Ironic: every scenario step is sent to the real Ironic 21.4 and to Ferrum, configured alike,
 * and the answers are compared (status, version/Location/Content-Type/request-id headers, JSON bodies
 * after normalising identities, hosts and timestamps). One printed line per step, then a count.
 * Mandatory under CI=true (.ci/run installs python3-ironic); skipped elsewhere when Ironic is absent.
 */
const CONDUCTOR = { ironic: 'ironic-reference-conductor', ferrum: 'ferrum-reference-conductor' };

/** The interfaces Ferrum implements, enabled on both sides (Ironic needs pxe/ipxe for its generic types). */
const IRONIC_SETTINGS = {
  DEFAULT: {
    host: CONDUCTOR.ironic,
    enabled_hardware_types: 'fake-hardware,manual-management,ipmi,redfish',
    enabled_boot_interfaces: 'fake,ipxe,pxe',
    enabled_deploy_interfaces: 'fake,direct',
    enabled_management_interfaces: 'fake,ipmitool,redfish,noop',
    enabled_power_interfaces: 'fake,ipmitool,redfish',
    enabled_inspect_interfaces: 'fake,inspector,redfish,no-inspect',
    enabled_vendor_interfaces: 'fake,ipmitool,redfish,no-vendor',
    enabled_console_interfaces: 'fake,ipmitool-socat,no-console',
    enabled_raid_interfaces: 'fake,agent,no-raid',
    enabled_bios_interfaces: 'fake,redfish,no-bios',
    enabled_rescue_interfaces: 'fake,no-rescue',
    enabled_network_interfaces: 'flat,noop',
    enabled_storage_interfaces: 'fake,noop',
    // No Neutron on either side: `flat` would refuse every port update ("cleaning network is not set").
    default_network_interface: 'noop',
  },
  conductor: { automated_clean: 'false', node_locked_retry_attempts: '0' },
  // The fake vendor's methods hold their lock this long on both sides (the locks scenario relies on it).
  fake: { vendor_delay: '2' },
};

describe('differential: Ferrum against the real Ironic 21.4', () => {
  const available = realIronicInstalled();
  let ironic: RealIronic;
  let ferrum: FerrumProcess;
  let runner: DifferentialRunner;
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error('python3-ironic is required under CI=true (.ci/run installs it)');
      process.stderr.write('[ferrum tests] python3-ironic not installed: differential suite skipped\n');
      return;
    }
    const [ironicPort, ferrumPort, inspectorPort] = [await freePort(), await freePort(), await freePort()];
    ironic = new RealIronic(ironicPort, IRONIC_SETTINGS);
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(ferrumPort),
      FERRUM_INSPECTOR_PORT: String(inspectorPort),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_CONDUCTOR_HOSTNAME: CONDUCTOR.ferrum,
      FERRUM_DEFAULT_NETWORK_INTERFACE: 'noop',
      // Ironic 21.4 has no `agent` inspect interface: enable the same ones, so the defaults agree.
      FERRUM_ENABLED_INSPECT_INTERFACES: IRONIC_SETTINGS.DEFAULT.enabled_inspect_interfaces,
      // Nor does it enable redfish-virtual-media here: the same boot interfaces, so the driver lists agree.
      FERRUM_ENABLED_BOOT_INTERFACES: IRONIC_SETTINGS.DEFAULT.enabled_boot_interfaces,
      // Served as Ironic 21.4 (API 1.82) is, as pin_release_version does: the root documents and 'latest' agree.
      FERRUM_PIN_RELEASE_VERSION: '2023.1',
      FERRUM_AUTOMATED_CLEAN: 'false',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '0',
      FERRUM_FAKE_VENDOR_DELAY_MS: '2000',
      FERRUM_LOG_LEVEL: 'warn',
    });
    await Promise.all([ironic.start(), ferrum.waitForLog(/listening|started/i, 60_000).catch(() => undefined)]);
    const names = freshNames();
    const sides = [new Server('ironic', ironic.url, names), new Server('ferrum', `http://127.0.0.1:${ferrumPort}`, names)] as const;
    await waitUp(sides[1].baseUrl);
    for (const server of sides) {
      server.side.conductors.push(CONDUCTOR[server.label]);
      server.vars.set('conductor', CONDUCTOR[server.label]);
    }
    runner = new DifferentialRunner(sides[0], sides[1], ALLOW_LIST, print);
  }, 180_000);

  afterAll(async () => {
    if (runner) {
      const failed = runner.results.filter((r) => r.differences.length > 0).length;
      print(`differential: ${runner.results.length - failed} passed, ${failed} failed`);
    }
    await ferrum?.kill();
    await ironic?.stop();
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name} answers as Ironic does`, async () => {
      if (!available) return;
      const results = await runner.run(scenario);
      const differing = results.filter((r) => r.differences.length > 0);
      if (differing.length > 0) {
        const first = differing
          .slice(0, 10)
          .map((r) => `${r.step}:\n  ${[...r.differences].sort((a, b) => telling(a.path) - telling(b.path)).slice(0, 6).map((d) => `${d.path}: ironic ${JSON.stringify(d.ironic)} · ferrum ${JSON.stringify(d.ferrum)}`).join('\n  ')}`)
          .join('\n');
        throw new Error(`${differing.length} of ${results.length} steps differ from Ironic:\n${first}`);
      }
    }, 600_000);
  }
});

/** The status and the error text say most about a difference: shown before the body's fields. */
const telling = (path: string) => (path === '/status' ? 0 : path.endsWith('faultstring') ? 1 : 2);

/** Names and MACs both servers share, fresh for each run. */
function freshNames(): Record<string, string> {
  const tag = randomBytes(3).toString('hex');
  const mac = () => `52:54:00:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`;
  const names: Record<string, string> = {};
  for (const key of ['node1', 'node3', 'actions', 'portNode', 'chassisNode', 'traitNode', 'shardNode1', 'shardNode2', 'shardNode3', 'shardA', 'shardB', 'inventoryNode', 'pgNode', 'pgNode2', 'pg1', 'pg3', 'vifNode', 'historyNode', 'mgmtNode', 'allocNode', 'allocRc', 'allocName', 'biosNode', 'raidNode', 'fieldsNode', 'agentNode', 'locked', 'gated', 'errA', 'errB', 'consoleNode', 'consoleNone', 'consoleIpmi']) names[key] = `diff-${tag}-${key.toLowerCase()}`;
  // Deploy template names are traits: CUSTOM_ and upper case.
  for (const key of ['tplName1', 'tplName2']) names[key] = `CUSTOM_DIFF_${tag.toUpperCase()}_${key.toUpperCase()}`;
  for (const key of ['mac1', 'mac2', 'mac3', 'mac4', 'agentMac', 'gatedMac', 'errMac', 'shardMac', 'pgMac1', 'pgPortMac1', 'pgPortMac2']) names[key] = mac();
  return names;
}

async function waitUp(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${baseUrl}/v1/drivers`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Ferrum did not answer at ${baseUrl}`);
}
