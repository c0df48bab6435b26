import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { allOptions, loadConfig } from '@ferrum/config';
import { ProvisionNode } from '@ferrum/contracts';
import { silentLogger } from '@ferrum/logging';
import { TESTBEDS_DIR } from '@ferrum/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startPxeFilter } from '@ferrum/inspector';
import { InspectorHarness } from './inspector-harness';

const run = promisify(execFile);
const SCRIPT = join(TESTBEDS_DIR, 'pxe-netns.sh');
// Our own prefix and directory, so another suite's test bed is never touched.
const ENV = { ...process.env, PXE_PREFIX: 'fr-insp', PXE_DIR: '/tmp/ferrum-testbeds/pxe-insp', PXE_DNSMASQ: '0' };
const BASE = '/tmp/ferrum-insp-pxe';
const MAC = (i: number) => `02:fe:00:00:00:0${i}`;

/** Why the real-dnsmasq test cannot run here, or undefined when it can. Under CI it must run. */
function unavailable(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (process.getuid?.() !== 0) return 'not root: network namespaces need root';
  try {
    execFileSync('ip', ['netns', 'add', 'fr-insp-probe'], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', 'fr-insp-probe'], { stdio: 'ignore' });
  } catch {
    return 'cannot create a network namespace here';
  }
  return undefined;
}
const reason = unavailable();
if (reason) process.stderr.write(`pxe-filter-dnsmasq.e2e: SKIPPED: ${reason}\n`);
const maybe = reason ? describe.skip : describe;

/**
 * The PXE filter against the real thing: Debian's dnsmasq, started and supervised by the inspector inside a
 * network namespace, and busybox udhcpc clients in their own namespaces (the test bed's pxe-netns.sh).
 */
maybe('PXE filter with a real dnsmasq and real DHCP clients', () => {
  let h: InspectorHarness;
  const dhcp = async (client: number): Promise<boolean> => {
    try {
      const { stdout } = await run(SCRIPT, ['dhcp', String(client), '1'], { env: ENV });
      return stdout.includes('lease ip=');
    } catch {
      return false;
    }
  };
  const dnsmasqPid = () => Number(readFileSync(`${BASE}/dnsmasq/dnsmasq.pid`, 'utf8').trim());
  const dnsmasqPidOrZero = () => {
    try {
      return dnsmasqPid();
    } catch {
      return 0;
    }
  };
  const FILTER_ENV = {
    FERRUM_PXE_FILTER: 'dnsmasq',
    FERRUM_PXE_FILTER_HOSTSDIR: `${BASE}/hostsdir`,
    FERRUM_DNSMASQ_MANAGED: 'true',
    FERRUM_DNSMASQ_COMMAND: 'ip netns exec fr-insp-srv dnsmasq',
    FERRUM_DNSMASQ_INTERFACE: 'br0',
    FERRUM_DNSMASQ_DHCP_RANGE: '192.0.2.100,192.0.2.199,255.255.255.0,10m',
    FERRUM_DNSMASQ_DATA_DIR: `${BASE}/dnsmasq`,
  };
  const start = (discovery: boolean) => new InspectorHarness().start({ ...FILTER_ENV, FERRUM_INSPECTOR_DISCOVERY: String(discovery) });
  /** Polls DHCP until it answers as expected (the standalone filter syncs on its period, not on events). */
  const dhcpBecomes = async (client: number, leased: boolean): Promise<boolean> => {
    for (let i = 0; i < 20; i++) {
      if ((await dhcp(client)) === leased) return leased;
      await new Promise((r) => setTimeout(r, 500));
    }
    return !leased;
  };
  const waitForDnsmasq = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        if (readFileSync(`${BASE}/dnsmasq/dnsmasq.log`, 'utf8').includes('DHCP, IP range')) return;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('dnsmasq did not start');
  };

  beforeAll(async () => {
    rmSync(BASE, { recursive: true, force: true });
    mkdirSync(BASE, { recursive: true, mode: 0o755 });
    await run(SCRIPT, ['up', '3'], { env: ENV });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    // Always take the test bed down, whatever happened above.
    await run(SCRIPT, ['down'], { env: ENV }).catch(() => undefined);
    rmSync(BASE, { recursive: true, force: true });
  }, 60_000);

  it('leases only to MACs under introspection (and unknown ones while something is inspected), switching without restarting dnsmasq; restarts a dnsmasq that died', async () => {
    h = await start(false);
    await waitForDnsmasq();
    const pid = dnsmasqPid();
    // Client 0 is the node we inspect, client 1 a known node that is not inspected, client 2 unknown.
    const inspected = await h.manageableNode({ macs: [MAC(0)] });
    await h.manageableNode({ macs: [MAC(1)] });
    await h.inspector.syncFilter();
    expect(await dhcp(0)).toBe(false);
    expect(await dhcp(2)).toBe(false);

    // manage_boot=false: nothing powers the node; the filter opens as soon as the run starts.
    expect((await h.http('POST', `/v1/introspection/${inspected.uuid}?manage_boot=false`)).status).toBe(202);
    await h.untilIntrospection(inspected.uuid, 'waiting');
    expect(await dhcp(0)).toBe(true);
    expect(await dhcp(1)).toBe(false);
    expect(await dhcp(2)).toBe(true);

    expect((await h.http('POST', `/v1/introspection/${inspected.uuid}/abort`)).status).toBe(202);
    await h.untilIntrospection(inspected.uuid, 'error');
    await h.inspector.idle();
    expect(await dhcp(0)).toBe(false);
    expect(await dhcp(2)).toBe(false);
    expect(dnsmasqPid()).toBe(pid);

    // Supervision: a dnsmasq that dies is started again, and serves from the same files.
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && (dnsmasqPidOrZero() === pid || dnsmasqPidOrZero() === 0); i++) await new Promise((r) => setTimeout(r, 100));
    expect(dnsmasqPid()).not.toBe(pid);
    await h.manageableNode({ macs: [MAC(2)] }).then(async (n) => {
      expect((await h.http('POST', `/v1/introspection/${n.uuid}?manage_boot=false`)).status).toBe(202);
      await h.untilIntrospection(n.uuid, 'waiting');
    });
    expect(await dhcp(2)).toBe(true);
    expect(await dhcp(1)).toBe(false);
    await h.stop();
  }, 120_000);

  it('leases to unknown MACs while discovery is on, never to known ones', async () => {
    h = await start(true);
    await waitForDnsmasq();
    await h.manageableNode({ macs: [MAC(1)] });
    await h.inspector.syncFilter();
    expect(await dhcp(2)).toBe(true);
    expect(await dhcp(1)).toBe(false);
  }, 120_000);

  it('as its own role (--role pxe-filter) follows the node states: the agent interface\'s inspection and a network-booting clean open it, other known MACs stay refused', async () => {
    // The previous test's inspector (and its dnsmasq) goes first; this one filters nothing: the standalone
    // filter alone writes the hosts directory and runs dnsmasq.
    await h.stop();
    h = await new InspectorHarness().start({ FERRUM_PXE_FILTER: 'noop' });
    const config = loadConfig(allOptions, { ...FILTER_ENV, FERRUM_PXE_FILTER_SYNC_PERIOD_S: '1' });
    const role = await startPxeFilter({ config, repos: h.db.repos, logger: silentLogger() });
    try {
      await waitForDnsmasq();
      const inspected = await h.manageableNode({ macs: [MAC(0)], inspectInterface: 'agent' });
      const cleaned = await h.manageableNode({ macs: [MAC(1)] });
      expect(await dhcpBecomes(0, false)).toBe(false);
      expect(await dhcpBecomes(2, false)).toBe(false);

      await h.call(ProvisionNode, { node_uuid: inspected.uuid, event: 'inspect', params: {} });
      await h.until(inspected.uuid, (n) => n.provision_state === 'inspect wait');
      expect(await dhcpBecomes(0, true)).toBe(true);
      // Something is being inspected: unknown machines may boot (discovery of strays), known others may not.
      expect(await dhcpBecomes(2, true)).toBe(true);
      expect(await dhcp(1)).toBe(false);

      // A node whose agent boots from the network for cleaning is let through as well.
      await h.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'clean wait' WHERE uuid = $1`, [cleaned.uuid]);
      expect(await dhcpBecomes(1, true)).toBe(true);

      await h.call(ProvisionNode, { node_uuid: inspected.uuid, event: 'abort', params: {} });
      await h.until(inspected.uuid, (n) => n.provision_state === 'inspect failed');
      expect(await dhcpBecomes(0, false)).toBe(false);
    } finally {
      // The harness (h) is stopped by afterAll.
      await role.close();
    }
  }, 120_000);
});
