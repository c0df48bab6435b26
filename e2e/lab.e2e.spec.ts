import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAgainstFerrum } from './support/baremetal-cli';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';

const MACHINES = 20;
/** One machine of the 20 for each injected fault. */
const SHARE = String(1 / MACHINES);
const SETTLE_MS = 240_000;
const TRANSIENT = ['verifying', 'inspecting', 'inspect wait', 'cleaning', 'clean wait', 'deploying', 'wait call-back', 'deleting'];

type Row = { name: string; provision_state: string; target_provision_state: string | null; last_error: string | null; reservation: string | null };

/**
 * Issue 19's "Done when", as a new user does it: Ferrum all-in-one (as `npm start` runs it) and the lab
 * (`--role lab`, as `npm run lab -- --machines 20 --enroll` runs it) with 20 machines, one of them with a BMC
 * that never answers, one whose agent crashes when told to write the image and one whose image download
 * arrives corrupted. Every provisioning verb is given with the real `baremetal` CLI, one command per node as
 * an operator scripts it; the healthy machines go enroll → manageable → inspected → available → active →
 * available, and each faulty one ends where Ironic leaves such a machine, with a last_error saying why.
 */
describe(`the lab: ${MACHINES} simulated machines driven with the baremetal CLI`, () => {
  let work = '';
  let lab: FerrumProcess | undefined;
  let labUrl = '';
  const faulty: Record<'bmc' | 'crash' | 'checksum', string> = { bmc: '', crash: '', checksum: '' };
  let broken = false;
  const bed = cliAgainstFerrum('the lab e2e', () => ({
    // Faults surface in seconds, not Ironic's minutes.
    FERRUM_REDFISH_REQUEST_TIMEOUT_MS: '3000',
    FERRUM_REDFISH_CONNECTION_ATTEMPTS: '2',
    FERRUM_REDFISH_CONNECTION_RETRY_INTERVAL_MS: '200',
    FERRUM_DEPLOY_CALLBACK_TIMEOUT_S: '30',
    FERRUM_CHECK_PROVISION_STATE_INTERVAL_S: '2',
    FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '10',
    FERRUM_POWER_POLL_INTERVAL_MS: '100',
    FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
    FERRUM_LOG_LEVEL: 'warn',
  }));
  const names = Array.from({ length: MACHINES }, (_, i) => `lab-${String(i + 1).padStart(4, '0')}`);
  const healthy = () => names.filter((n) => !Object.values(faulty).includes(n));
  const http = () => new IronicHttp(bed.cli.endpoint, '1.82');

  beforeAll(async () => {
    if (!bed.available) return;
    work = mkdtempSync(join(tmpdir(), 'ferrum-lab-e2e-'));
    const httpPort = await freePort();
    labUrl = `http://127.0.0.1:${httpPort}`;
    lab = new FerrumProcess('lab', {
      FERRUM_URL: bed.cli.endpoint,
      FERRUM_LAB_MACHINES: String(MACHINES),
      FERRUM_LAB_ENROLL: 'true',
      FERRUM_LAB_BMC_PORT: String(await freePort()),
      FERRUM_LAB_HTTP_PORT: String(httpPort),
      FERRUM_LAB_BOOT_DELAY_MS: '300',
      FERRUM_LAB_DIR: work,
      FERRUM_LAB_DISKS: 'files',
      FERRUM_LAB_BMC_TIMEOUT_SHARE: SHARE,
      FERRUM_LAB_AGENT_CRASH_SHARE: SHARE,
      FERRUM_LAB_BAD_CHECKSUM_SHARE: SHARE,
    });
    await lab.waitForLog(/instance image:/, 60_000);
    const fault = (what: string) => new RegExp(`fault, ${what}: (lab-\\d{4})\\n`).exec(lab!.logs)?.[1] ?? '';
    Object.assign(faulty, { bmc: fault('BMC never answers'), crash: fault('agent crashes writing the image'), checksum: fault('image arrives corrupted') });
  }, 90_000);
  afterAll(async () => {
    await lab?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const logs = () => `--- lab\n${lab?.logs.slice(-20_000) ?? ''}\n--- ferrum\n${bed.ferrum.logs.slice(-20_000)}`;
  const step = (name: string, fn: () => Promise<void>) =>
    bed.maybe(
      name,
      async () => {
        if (broken) throw new Error('an earlier step failed');
        try {
          await fn();
        } catch (error) {
          broken = true;
          throw new Error(`${(error as Error).message}\n${logs()}`);
        }
      },
      SETTLE_MS + 60_000,
    );

  /** `baremetal <args…> <node>` for each node, a few at a time, as a shell loop with `xargs -P` would. */
  const eachNode = async (nodes: string[], ...args: string[]) => {
    const queue = [...nodes];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let n = queue.shift(); n; n = queue.shift()) await bed.cli.bm(...args.map((a) => a.replace('{}', n)));
      }),
    );
  };
  /** Every lab node, once none is in a transient state or locked. */
  const settled = async (): Promise<Map<string, Row>> => {
    const end = Date.now() + SETTLE_MS;
    for (;;) {
      const { json } = await http().request('GET', '/v1/nodes?fields=name,provision_state,target_provision_state,last_error,reservation');
      const rows = (json.nodes as Row[]).filter((n) => n.name.startsWith('lab-'));
      if (rows.every((n) => !TRANSIENT.includes(n.provision_state) && !n.reservation)) return new Map(rows.map((r) => [r.name, r]));
      if (Date.now() > end) throw new Error(`not settled: ${JSON.stringify(rows.filter((n) => TRANSIENT.includes(n.provision_state) || n.reservation))}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  /** What `baremetal node list` shows of the lab's nodes: name → provision state. */
  const listed = async (): Promise<Record<string, string>> => {
    const rows = (await bed.cli.bm('node', 'list', '--fields', 'name', 'provision_state', '--limit', '0')) as { Name: string; 'Provisioning State': string }[];
    return Object.fromEntries(rows.filter((r) => r.Name.startsWith('lab-')).map((r) => [r.Name, r['Provisioning State']]));
  };
  const expectStates = (states: Record<string, string>, expected: Record<string, string>) => expect(states).toEqual(expected);
  const all = (nodes: string[], state: string) => Object.fromEntries(nodes.map((n) => [n, state]));

  step('enrolls 20 redfish nodes, one per machine, each with a port per NIC, all in enroll', async () => {
    expect(Object.values(faulty).every((n) => names.includes(n))).toBe(true);
    expect(new Set(Object.values(faulty)).size).toBe(3);
    expectStates(await listed(), all(names, 'enroll'));
    const node = await bed.cli.bm('node', 'show', 'lab-0001');
    expect(node).toMatchObject({ driver: 'redfish', boot_interface: 'redfish-virtual-media', inspect_interface: 'agent', power_state: null });
    expect(node.driver_info.redfish_password).toBe('******');
    const ports = await bed.cli.bm('port', 'list', '--node', 'lab-0001', '--fields', 'address');
    expect(ports.length).toBe(2);
  });

  step('manage: 19 machines verified and manageable; the one whose BMC never answers stays in enroll, saying so', async () => {
    await eachNode(names, 'node', 'manage', '{}');
    const rows = await settled();
    expectStates(await listed(), { ...all(names, 'manageable'), [faulty.bmc]: 'enroll' });
    expect(rows.get(faulty.bmc)?.last_error).toMatch(/power|redfish|BMC|time/i);
    expect(rows.get('lab-0001')?.last_error ?? null).toBeNull();
  });

  step('inspect: every manageable machine boots the agent from the virtual CD and is inspected as the hardware it is', async () => {
    const machines = names.filter((n) => n !== faulty.bmc);
    await eachNode(machines, 'node', 'inspect', '{}');
    const rows = await settled();
    expectStates(await listed(), { ...all(names, 'manageable'), [faulty.bmc]: 'enroll' });
    for (const n of machines) expect({ n, last_error: rows.get(n)?.last_error ?? null }).toEqual({ n, last_error: null });
    // The lab's kinds take turns: compute (32 CPUs, 256 GiB, 1 SSD), storage (16, 128 GiB, SSD + 2 HDD), edge (8, 32 GiB, NVMe).
    // Ironic's default inspection hooks set cpu_arch from it; the inventory is kept whole.
    const expected = [
      { cpus: 32, physical_mb: 262144, disks: ['SAMSUNG MZ7LH480'] },
      { cpus: 16, physical_mb: 131072, disks: ['INTEL SSDSC2KB240G8', 'ST4000NM000A', 'ST4000NM000A'] },
      { cpus: 8, physical_mb: 32768, disks: ['Micron 2300 NVMe'] },
    ];
    for (const [i, n] of ['lab-0001', 'lab-0002', 'lab-0003'].entries()) {
      const { properties } = await bed.cli.bm('node', 'show', n, '--fields', 'properties');
      const { inventory } = (await http().request('GET', `/v1/nodes/${n}/inventory`)).json;
      const macs = (await bed.cli.bm('port', 'list', '--node', n, '--fields', 'address')).map((p: { Address: string }) => p.Address).sort();
      expect({
        n,
        cpu_arch: properties.cpu_arch,
        cpus: inventory.cpu.count,
        physical_mb: inventory.memory.physical_mb,
        disks: inventory.disks.map((d: { model: string }) => d.model),
        nics: inventory.interfaces.map((nic: { mac_address: string }) => nic.mac_address).sort(),
      }).toEqual({ n, cpu_arch: 'x86_64', ...expected[i], nics: macs });
    }
  });

  step('provide: automated cleaning (the agent again) makes them available', async () => {
    const machines = names.filter((n) => n !== faulty.bmc);
    await eachNode(machines, 'node', 'provide', '{}');
    const rows = await settled();
    expectStates(await listed(), { ...all(names, 'available'), [faulty.bmc]: 'enroll' });
    for (const n of machines) expect({ n, last_error: rows.get(n)?.last_error ?? null }).toEqual({ n, last_error: null });
  });

  step('deploy: the image goes to 17 machines, which go active; the crashed agent and the corrupted download end in deploy failed', async () => {
    const machines = names.filter((n) => n !== faulty.bmc);
    const sha256 = (await (await fetch(`${labUrl}/images/lab-instance.raw.sha256`)).text()).split(' ')[0];
    await eachNode(machines, 'node', 'set', '{}', '--instance-info', `image_source=${labUrl}/images/lab-instance.raw`, '--instance-info', `image_checksum=${sha256}`);
    await eachNode(machines, 'node', 'deploy', '{}');
    const rows = await settled();
    expectStates(await listed(), { ...all(names, 'active'), [faulty.bmc]: 'enroll', [faulty.crash]: 'deploy failed', [faulty.checksum]: 'deploy failed' });
    expect(rows.get(faulty.checksum)?.last_error).toMatch(/failed verification: sha256 of the downloaded data is [0-9a-f]{64}, expected [0-9a-f]{64}/);
    expect(rows.get(faulty.crash)?.last_error).toMatch(/agent|prepare_image|connect/i);
    // The image is on a healthy machine's disk, byte for byte.
    const { readFileSync } = await import('node:fs');
    const disk = readFileSync(join(work, 'disks', `${healthy()[0]}.img`));
    const image = Buffer.from(await (await fetch(`${labUrl}/images/lab-instance.raw`)).arrayBuffer());
    expect(disk.subarray(0, image.length).equals(image)).toBe(true);
  });

  step('undeploy: the 17 active machines are cleaned and available again', async () => {
    await eachNode(healthy(), 'node', 'undeploy', '{}');
    await settled();
    expectStates(await listed(), { ...all(names, 'available'), [faulty.bmc]: 'enroll', [faulty.crash]: 'deploy failed', [faulty.checksum]: 'deploy failed' });
  });
});
