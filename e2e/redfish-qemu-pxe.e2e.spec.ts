import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QemuMachines, RedfishEmulator } from '@ferrum/bmc-emulator';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { BAREMETAL, BaremetalCli } from './support/baremetal-cli';
import { FerrumProcess } from './support/ferrum-process';
import { fileHead } from './support/file-head';
import { CallHome, machineFileServer } from './support/machine-file-server';

const exec = promisify(execFile);
const ROOT = join(__dirname, '..');
const QEMU = '/usr/bin/qemu-system-x86_64';
const UNDIONLY = '/usr/lib/ipxe/undionly.kpxe';
const NETNS_SCRIPT = join(TESTBEDS_DIR, 'pxe-netns.sh');
// Our own prefix and directory: no other suite's test bed is touched.
const PREFIX = 'fr-qpxe';
const NS = `${PREFIX}-srv`;
const BED = { ...process.env, PXE_PREFIX: PREFIX, PXE_DIR: '/tmp/ferrum-testbeds/pxe-qemu', PXE_DNSMASQ: '0' };
/** Ferrum's host on the provisioning network (the bridge's address in the namespace). */
const SERVER = '192.0.2.1';
const API = `http://${SERVER}:6385`;
const INSPECTOR = `http://${SERVER}:5050`;
/** The deployed system's own address: the provisioning DHCP serves only machines Ferrum is booting. */
const INSTANCE_ADDRESS = '192.0.2.50/24';
const IN_NS = ['ip', 'netns', 'exec', NS];

/** Why this test cannot run here, or undefined when it can. Under CI it must run. */
function unavailable(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (![QEMU, BAREMETAL, UNDIONLY].every(existsSync)) return `${QEMU}, ${BAREMETAL} or ${UNDIONLY} is not installed (qemu-system-x86, python3-ironicclient, ipxe)`;
  if (process.getuid?.() !== 0) return 'not root: network namespaces need root';
  try {
    execFileSync('ip', ['netns', 'add', `${PREFIX}-probe`], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', `${PREFIX}-probe`], { stdio: 'ignore' });
  } catch {
    return 'cannot create a network namespace here';
  }
  return undefined;
}
const reason = unavailable();
if (reason) process.stderr.write(`redfish-qemu-pxe.e2e: SKIPPED: ${reason}\n`);
const maybe = reason ? describe.skip : describe;

/**
 * Issue 21, the boot path: a QEMU machine on a provisioning network (a bridge in a network namespace) boots from
 * the network as a server does. Ferrum runs on that network (one all-in-one process in the namespace): its
 * inspector's managed dnsmasq answers DHCP as the PXE filter allows, the NIC's iPXE ROM fetches boot.ipxe from the
 * inspector, which chains to the node's own iPXE configuration (written by the conductor's `ipxe` boot interface
 * while it boots the agent) or, when there is none, to the inspection script. Power and the boot device go
 * through the ordinary `redfish` driver to the Redfish emulator's QEMU backend. Every step with the real CLI.
 */
maybe('a QEMU machine booting from the network: dnsmasq, the PXE filter and iPXE scripts served by Ferrum', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-qemu-pxe-'));
  // dnsmasq drops root for nobody: it must reach the PXE filter's hosts directory in here (Ferrum refuses to start otherwise).
  chmodSync(dir, 0o755);
  const cli = new BaremetalCli(API, IN_NS);
  let ferrum: FerrumProcess | undefined;
  let emulator: RedfishEmulator | undefined;
  let machines: QemuMachines | undefined;
  let files: Server | undefined;
  let filesUrl = '';
  let system = '';
  let mac = '';
  let disk = '';
  const log: string[] = [];
  /** What the machine fetched from the file server, in order. */
  const fetched: string[] = [];
  const calls: CallHome[] = [];
  const dnsmasqLog = () => readFileSync(join(dir, 'dnsmasq', 'dnsmasq.log'), 'utf8');
  const hostsFile = () => readFileSync(join(dir, 'hostsdir', mac), 'utf8').trim();
  const consoleText = () => readFileSync(machines!.consolePath(system), 'utf8');
  /** The test bed's script; its output is not read: `forward` leaves socat running with it (a pipe would never close). */
  const bed = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [NETNS_SCRIPT, ...args], { env: BED, stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pxe-netns.sh ${args.join(' ')} exited with ${code}`))));
    });
  /** What the inspector answers a machine on the provisioning network at `path`. */
  const inspectorGet = async (path: string) => {
    const { stdout } = await exec('ip', ['netns', 'exec', NS, process.execPath, '-e', `fetch(${JSON.stringify(INSPECTOR + path)}).then(async (r) => console.log(JSON.stringify({ status: r.status, text: await r.text() })))`]);
    return JSON.parse(stdout) as { status: number; text: string };
  };
  const until = async (what: string, check: () => boolean, seconds: number) => {
    for (const end = Date.now() + seconds * 1000; !check(); ) {
      if (Date.now() > end) throw new Error(`${what} within ${seconds} s\n--- console ---\n${consoleText().slice(-3000)}\n--- ferrum ---\n${ferrum?.logs.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  beforeAll(async () => {
    await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'build.sh'), '--if-stale'], { timeout: 600_000 });
    await bed('down');
    await bed('up', '0');
    // The agent's kernel and ramdisk and the instance image, as an operator publishes them; the deployed system calls home here.
    const served: Record<string, string> = {
      '/agent.kernel': join(ROOT, 'build', 'ramdisk', 'vmlinuz'),
      '/agent.initramfs': join(ROOT, 'build', 'ramdisk', 'initramfs.gz'),
      '/instance.raw': join(dir, 'instance.raw'),
    };
    const fileServer = await machineFileServer(served, { callHome: (call) => calls.push(call), fetched: (path) => fetched.push(path) });
    files = fileServer.server;
    const filesPort = fileServer.port;
    filesUrl = `http://${SERVER}:${filesPort}`;
    emulator = new RedfishEmulator({ mockupDir: join(ROOT, 'libs', 'lab', 'redfish-mockup', 'public-rackmount1'), systems: 1, port: 0 });
    await emulator.listen();
    [system] = emulator.systemIds;
    mac = emulator.nicMacs(system)[0].toLowerCase();
    emulator.setPower(system, 'Off', 'Test');
    // The BMC and the file server, on this host's loopback, reachable from the provisioning network.
    await bed('forward', String(filesPort));
    await bed('forward', String(new URL(emulator.url).port));
    // TFTP, for firmware that is not iPXE already: Debian's undionly.kpxe, which chains to iPXE.
    mkdirSync(join(dir, 'tftp'));
    copyFileSync(UNDIONLY, join(dir, 'tftp', 'undionly.kpxe'));
    disk = join(dir, 'disk.raw');
    writeFileSync(disk, '');
    truncateSync(disk, 5 * 1024 ** 3); // the agent deploys to a disk of at least 4 GiB, as IPA
    machines = new QemuMachines(emulator, [{ system, cpus: 2, memoryMiB: 1024, disk }], { dir, log: (l) => log.push(l), network: { netns: NS, bridge: 'br0' } });

    ferrum = new FerrumProcess(
      'all',
      {
        FERRUM_DB_DIR: 'memory://',
        FERRUM_API_HOST: SERVER,
        FERRUM_API_PORT: '6385',
        FERRUM_INSPECTOR_HOST: SERVER,
        FERRUM_INSPECTOR_PORT: '5050',
        // A network namespace only this test reaches: no credentials, said so explicitly.
        FERRUM_ALLOW_INSECURE_NOAUTH: 'true',
        FERRUM_RAMDISK_API_URL: API,
        FERRUM_INSPECTOR_CALLBACK_URL: INSPECTOR,
        FERRUM_PXE_FILTER: 'dnsmasq',
        FERRUM_PXE_FILTER_HOSTSDIR: join(dir, 'hostsdir'),
        FERRUM_PXE_FILTER_PURGE_HOSTSDIR: 'true',
        // No periodic sync: the filter must follow the node into and out of cleaning and deploy from the event stream.
        FERRUM_PXE_FILTER_SYNC_PERIOD_S: '0',
        FERRUM_DNSMASQ_MANAGED: 'true',
        FERRUM_DNSMASQ_COMMAND: 'dnsmasq',
        FERRUM_DNSMASQ_INTERFACE: 'br0',
        FERRUM_DNSMASQ_DHCP_RANGE: '192.0.2.100,192.0.2.149,255.255.255.0,10m',
        FERRUM_DNSMASQ_DATA_DIR: join(dir, 'dnsmasq'),
        FERRUM_DNSMASQ_TFTP_ROOT: join(dir, 'tftp'),
        FERRUM_IPXE_KERNEL_URL: `${filesUrl}/agent.kernel`,
        FERRUM_IPXE_RAMDISK_URL: `${filesUrl}/agent.initramfs`,
        FERRUM_IPXE_KERNEL_ARGS: `console=ttyS0,115200 ipa-api-url=${API}`,
      },
      IN_NS,
    );
    await ferrum.waitForLog(/API listening/, 60_000);
    await until('dnsmasq serving DHCP', () => existsSync(join(dir, 'dnsmasq', 'dnsmasq.log')) && dnsmasqLog().includes('DHCP, IP range'), 30);
  }, 900_000);

  afterAll(async () => {
    await machines?.close();
    await ferrum?.kill();
    await emulator?.close();
    await new Promise((resolve) => (files ? files.close(resolve) : resolve(undefined)));
    await bed('down').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a known machine off the network while nothing boots it: the PXE filter has dnsmasq ignore its MAC', async () => {
    const node = await cli.bm(
      'node', 'create', '--driver', 'redfish', '--boot-interface', 'ipxe', '--inspect-interface', 'inspector', '--name', 'pxe-1',
      '--driver-info', `redfish_address=http://${SERVER}:${new URL(emulator!.url).port}`, '--driver-info', `redfish_system_id=/redfish/v1/Systems/${system}`,
      '--driver-info', 'redfish_username=admin', '--driver-info', 'redfish_password=password',
      '--driver-info', `deploy_kernel=${filesUrl}/agent.kernel`, '--driver-info', `deploy_ramdisk=${filesUrl}/agent.initramfs`,
      '--driver-info', 'kernel_append_params=%default% console=ttyS0,115200',
    );
    await cli.bm('port', 'create', mac, '--node', node.uuid);
    await cli.bm('node', 'manage', node.uuid, '--wait', '120');
    await until('the filter denying the MAC', () => existsSync(join(dir, 'hostsdir', mac)) && hostsFile() === `${mac},ignore`, 30);

    await cli.bm('node', 'boot', 'device', 'set', node.uuid, 'pxe');
    await cli.bm('node', 'power', 'on', node.uuid);
    await until('dnsmasq ignoring the machine', () => new RegExp(`DHCPDISCOVER\\(br0\\) ${mac} ignored`).test(dnsmasqLog()), 120);
    await cli.bm('node', 'power', 'off', node.uuid);
    expect(dnsmasqLog()).not.toMatch(new RegExp(`DHCPACK\\(br0\\) \\S+ ${mac}`));
    expect(log.join('\n')).toMatch(/booting from Pxe/);
  }, 300_000);

  it("serves iPXE over TFTP to firmware that is not iPXE yet (what dnsmasq's boot file names for it)", async () => {
    await exec('ip', ['netns', 'exec', NS, 'busybox', 'tftp', '-g', '-r', 'undionly.kpxe', '-l', join(dir, 'fetched.kpxe'), SERVER]);
    expect(createHash('sha256').update(readFileSync(join(dir, 'fetched.kpxe'))).digest('hex')).toBe(createHash('sha256').update(readFileSync(UNDIONLY)).digest('hex'));
    expect(dnsmasqLog()).toMatch(/sent \S+undionly\.kpxe to 192\.0\.2\.1/);
  });

  it('inspects it: the inspection script (no node configuration), the agent from the network, back to manageable with its real hardware', async () => {
    const from = consoleText().length;
    fetched.length = 0;
    await cli.bm('node', 'inspect', 'pxe-1', '--wait', '300');
    const shown = await cli.bm('node', 'show', 'pxe-1');
    expect({ state: shown.provision_state, error: shown.last_error, power: shown.power_state }).toEqual({ state: 'manageable', error: null, power: 'power off' });
    const { cpus, local_gb, memory_mb, cpu_arch } = shown.properties;
    expect({ cpus: Number(cpus), local_gb: Number(local_gb), cpu_arch }).toEqual({ cpus: 2, local_gb: 4, cpu_arch: 'x86_64' });
    expect(Number(memory_mb)).toBeGreaterThan(800);
    // The machine got its lease from Ferrum's dnsmasq and booted the inspection script's ramdisk over HTTP.
    expect(dnsmasqLog()).toMatch(new RegExp(`DHCPACK\\(br0\\) 192\\.0\\.2\\.1\\d\\d ${mac}`));
    expect(fetched).toEqual(expect.arrayContaining(['/agent.kernel', '/agent.initramfs']));
    const boot = consoleText().slice(from);
    expect(boot).toMatch(new RegExp(`Kernel command line: .*ipa-inspection-callback-url=${INSPECTOR}/v1/continue BOOTIF=${mac} initrd=agent\\.ramdisk`));
    expect(boot).toMatch(new RegExp(`posting inspection data to ${INSPECTOR}/v1/continue`));
  }, 420_000);

  it("provides and deploys through the node's own iPXE configuration; the machine boots its disk, and the filter shuts it out again", async () => {
    const image = join(dir, 'instance.raw');
    await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'instance-image.sh'), image, `${filesUrl}/home`, INSTANCE_ADDRESS]);
    const sha256 = createHash('sha256').update(readFileSync(image)).digest('hex');
    const from = consoleText().length;

    await cli.bm('node', 'provide', 'pxe-1', '--wait', '420');
    expect(await cli.bm('node', 'show', 'pxe-1')).toMatchObject({ provision_state: 'available', last_error: null });
    // Cleaning booted the agent from the configuration the conductor wrote for the node: its kernel parameters.
    const cleaning = consoleText().slice(from);
    expect(cleaning).toMatch(new RegExp(`Kernel command line: .*nofb nomodeset vga=normal console=ttyS0,115200 ipa-api-url=${API} BOOTIF=${mac} initrd=deploy_ramdisk`));
    // ...and removed it when cleaning was done: boot.ipxe would send the machine to inspection now.
    expect((await inspectorGet(`/pxelinux.cfg/${mac.replace(/:/g, '-')}`)).status).toBe(404);

    await cli.bm('node', 'set', 'pxe-1', '--instance-info', `image_source=${filesUrl}/instance.raw`, '--instance-info', `image_checksum=${sha256}`);
    await cli.bm('node', 'deploy', 'pxe-1', '--wait', '420');
    const active = await cli.bm('node', 'show', 'pxe-1');
    expect({ state: active.provision_state, error: active.last_error, power: active.power_state }).toEqual({ state: 'active', error: null, power: 'power on' });
    await until('the deployed system calling home', () => calls.length > 0, 90);
    expect(calls[0]).toEqual({ mac, uptime_s: expect.any(Number), root: 'disk' });
    expect(log.join('\n')).toMatch(/booting from Hdd/);
    const written = fileHead(disk, statSync(image).size);
    expect(createHash('sha256').update(written).digest('hex')).toBe(sha256);
    // An active node's machine gets nothing from the provisioning network's DHCP, and has no iPXE configuration.
    await until('the filter denying the MAC again', () => hostsFile() === `${mac},ignore`, 30);
    expect((await inspectorGet(`/pxelinux.cfg/${mac.replace(/:/g, '-')}`)).status).toBe(404);
    expect((await inspectorGet('/boot.ipxe')).text).toContain(`chain --autofree ${INSPECTOR}/pxelinux.cfg/\${mac:hexhyp} || goto inspect`);
  }, 900_000);
});

