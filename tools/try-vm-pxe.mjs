// npm run try:vm:pxe: as try:vm, but the machine boots from the network, as a server in a rack does.
// A provisioning network is made for the run: a network namespace with a bridge (192.0.2.1/24, TEST-NET-1, seen
// nowhere else), torn down at the end. In it run an all-in-one Ferrum (its inspector's managed dnsmasq and PXE
// filter, iPXE scripts), the Redfish BMC emulator and a file server; the QEMU machine's NIC is a tap on the bridge
// and boots its iPXE ROM. Every step is a `baremetal` CLI command: enroll (ipxe boot, inspector inspection), manage,
// inspect, provide (cleaning), deploy, see the machine boot from its disk and call home, undeploy. About 3.5 minutes.
// Needs root (network namespaces) and Debian's qemu-system-x86, dnsmasq-base, syslinux, mtools, dosfstools,
// python3-ironicclient.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, baremetalAt, fileServer, qemuMachine, say, waitForCallHome } from './vm-demo.mjs';

const exec = promisify(execFile);
const SELF = new URL(import.meta.url).pathname;
const SERVER = '192.0.2.1';

const inside = process.argv.indexOf('--inside');
if (inside === -1) await outside();
else await run(process.argv[inside + 1]);

/** Makes the provisioning network, runs the rest inside it, and removes it whatever happened. */
async function outside() {
  if (process.getuid?.() !== 0) fail('try:vm:pxe makes a network namespace: run it as root');
  for (const [path, pkg] of [['/usr/bin/qemu-system-x86_64', 'qemu-system-x86'], ['/usr/sbin/dnsmasq', 'dnsmasq-base'], ['/usr/bin/syslinux', 'syslinux mtools dosfstools'], ['/usr/bin/baremetal', 'python3-ironicclient']]) {
    if (!existsSync(path)) fail(`try:vm:pxe needs ${path}: apt-get install ${pkg}`);
  }
  const ns = `ferrum-try-${process.pid}`;
  const ip = (...args) => exec('ip', args);
  await ip('netns', 'add', ns);
  try {
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    await ip('-n', ns, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0');
    await ip('-n', ns, 'addr', 'add', `${SERVER}/24`, 'dev', 'br0');
    await ip('-n', ns, 'link', 'set', 'br0', 'up');
    say(`provisioning network: namespace ${ns}, bridge br0 ${SERVER}/24`);
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, SELF, '--inside', ns], { stdio: 'inherit' });
    const stop = () => child.kill('SIGINT');
    process.on('SIGINT', stop);
    const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    process.off('SIGINT', stop);
    process.exitCode = code;
  } finally {
    await ip('netns', 'del', ns).catch(() => undefined);
  }
}

/** Everything else, inside the namespace: Ferrum at 192.0.2.1, the BMC, the file server, the machine. */
async function run(ns) {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-try-vm-pxe-'));
  chmodSync(dir, 0o755); // dnsmasq, running as nobody, reads the PXE filter's hosts directory in here
  const cleanups = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    say('building the agent ramdisk if it changed (Debian kernel, busybox, Node.js, the agent)');
    say((await exec('bash', [join(ROOT, 'deploy/ramdisk/build.sh'), '--if-stale'], { maxBuffer: 1 << 24 })).stdout.trim());

    const files = await fileServer(SERVER, 8080, { '/agent.kernel': join(ROOT, 'build/ramdisk/vmlinuz'), '/agent.initramfs': join(ROOT, 'build/ramdisk/initramfs.gz'), '/instance.raw': join(dir, 'instance.raw') });
    cleanups.push(files.close);
    const filesUrl = files.url;

    const api = `http://${SERVER}:6385`;
    say(`starting Ferrum (all roles in one process, in-memory database) on ${api}, its inspector's dnsmasq on br0`);
    const ferrum = spawn(process.execPath, [join(ROOT, 'dist/apps/ferrum/src/main.js'), '--role', 'all'], {
      env: {
        ...process.env,
        FERRUM_DB_DIR: 'memory://', FERRUM_LOG_FORMAT: 'json', FERRUM_LOG_LEVEL: 'warn',
        FERRUM_API_HOST: SERVER, FERRUM_API_PORT: '6385', FERRUM_INSPECTOR_HOST: SERVER, FERRUM_INSPECTOR_PORT: '5050',
        FERRUM_ALLOW_INSECURE_NOAUTH: 'true', // a network namespace nothing else reaches
        FERRUM_RAMDISK_API_URL: api, FERRUM_INSPECTOR_CALLBACK_URL: `http://${SERVER}:5050`,
        FERRUM_PXE_FILTER: 'dnsmasq', FERRUM_PXE_FILTER_HOSTSDIR: join(dir, 'hostsdir'),
        FERRUM_DNSMASQ_MANAGED: 'true', FERRUM_DNSMASQ_INTERFACE: 'br0', FERRUM_DNSMASQ_DATA_DIR: join(dir, 'dnsmasq'),
        FERRUM_DNSMASQ_DHCP_RANGE: '192.0.2.100,192.0.2.149,255.255.255.0,10m',
        FERRUM_IPXE_KERNEL_URL: `${filesUrl}/agent.kernel`, FERRUM_IPXE_RAMDISK_URL: `${filesUrl}/agent.initramfs`,
        FERRUM_IPXE_KERNEL_ARGS: `console=ttyS0,115200 ipa-api-url=${api}`,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cleanups.push(() => new Promise((resolve) => { if (ferrum.exitCode !== null) return resolve(); ferrum.once('exit', resolve); ferrum.kill('SIGTERM'); }));
    for (let i = 0; !(await fetch(`${api}/v1`).catch(() => undefined))?.ok; i++) {
      if (i > 300) throw new Error('Ferrum did not start');
      await new Promise((r) => setTimeout(r, 100));
    }

    const { emulator, machines, system, mac, close } = await qemuMachine(dir, {}, { network: { netns: ns, bridge: 'br0' } });
    cleanups.push(close);
    say(`a Redfish BMC at ${emulator.url} with one QEMU machine: 2 CPUs, 1 GiB, a 5 GiB disk, NIC ${mac} on br0 (iPXE ROM)`);

    const image = join(dir, 'instance.raw');
    // The instance takes a static address: the provisioning DHCP serves only machines Ferrum is booting.
    await exec('bash', [join(ROOT, 'deploy/ramdisk/instance-image.sh'), image, `${filesUrl}/home`, '192.0.2.50/24']);
    const sha256 = createHash('sha256').update(readFileSync(image)).digest('hex');
    say(`published the agent kernel and ramdisk and an instance image (sha256 ${sha256.slice(0, 12)}…) on ${filesUrl}`);

    const baremetal = baremetalAt(api);
    const show = async (...fields) => JSON.parse(await baremetal('node', 'show', 'vm-1', '-f', 'json', ...fields.flatMap((f) => ['-c', f])));
    const leases = () => readFileSync(join(dir, 'dnsmasq/dnsmasq.log'), 'utf8').split('\n').filter((l) => l.includes(`DHCPACK(br0)`) && l.includes(mac)).length;

    const uuid = (await baremetal('node', 'create', '--name', 'vm-1', '--driver', 'redfish', '--boot-interface', 'ipxe', '--inspect-interface', 'inspector',
      '--driver-info', `redfish_address=${emulator.url}`, '--driver-info', `redfish_system_id=/redfish/v1/Systems/${system}`,
      '--driver-info', 'redfish_username=admin', '--driver-info', 'redfish_password=password',
      '--driver-info', `deploy_kernel=${filesUrl}/agent.kernel`, '--driver-info', `deploy_ramdisk=${filesUrl}/agent.initramfs`,
      '--driver-info', 'kernel_append_params=%default% console=ttyS0,115200', '-f', 'value', '-c', 'uuid')).trim();
    await baremetal('port', 'create', mac, '--node', uuid, '-f', 'value', '-c', 'uuid');
    await baremetal('node', 'manage', 'vm-1', '--wait', '120');
    const hostsFile = join(dir, 'hostsdir', mac);
    for (let i = 0; !existsSync(hostsFile) && i < 100; i++) await new Promise((r) => setTimeout(r, 200));
    say(`PXE filter: ${existsSync(hostsFile) ? readFileSync(hostsFile, 'utf8').trim() : '(no file yet)'} (dnsmasq ignores the machine while nothing boots it)`);
    await baremetal('node', 'inspect', 'vm-1', '--wait', '300');
    say(`inspected: ${JSON.stringify((await show('properties')).properties)}; DHCP leases so far: ${leases()}`);
    await baremetal('node', 'provide', 'vm-1', '--wait', '420');
    await baremetal('node', 'set', 'vm-1', '--instance-info', `image_source=${filesUrl}/instance.raw`, '--instance-info', `image_checksum=${sha256}`);
    await baremetal('node', 'deploy', 'vm-1', '--wait', '420');
    say(`node: ${JSON.stringify(await show('provision_state', 'power_state', 'last_error'))}`);
    await waitForCallHome(files.home, machines, system);
    await baremetal('node', 'undeploy', 'vm-1', '--wait', '420');
    say(`node: ${JSON.stringify(await show('provision_state', 'power_state', 'last_error'))}; DHCP leases in all: ${leases()}`);
    say('done');
    await cleanup();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await cleanup();
    process.exit(1);
  }
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
