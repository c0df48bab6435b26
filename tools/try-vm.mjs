// npm run try:vm: Ferrum provisions a real (virtual) machine, and says what happens at each step.
// A QEMU machine (software emulation) sits behind the Redfish BMC emulator's QEMU backend; an all-in-one Ferrum
// drives it with its ordinary redfish driver and virtual media, and every step is a `baremetal` CLI command:
// enroll, manage, inspect (the agent ramdisk boots and reports the machine's hardware), provide (cleaning), deploy
// a small disk image, see the machine boot from its disk and call home, undeploy. About five minutes.
// Needs: qemu-system-x86, isolinux, syslinux, mtools, dosfstools, python3-ironicclient (Debian packages).
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, baremetalAt, fileServer, qemuMachine, say, waitForCallHome } from './vm-demo.mjs';

const exec = promisify(execFile);

for (const [path, pkg] of [['/usr/bin/qemu-system-x86_64', 'qemu-system-x86'], ['/usr/lib/ISOLINUX/isolinux.bin', 'isolinux syslinux-common'], ['/usr/bin/syslinux', 'syslinux mtools dosfstools'], ['/usr/bin/baremetal', 'python3-ironicclient']]) {
  if (!existsSync(path)) {
    console.error(`try:vm needs ${path}: apt-get install ${pkg}`);
    process.exit(2);
  }
}
const freePort = () => new Promise((resolve) => { const s = netServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const dir = mkdtempSync(join(tmpdir(), 'ferrum-try-vm-'));
const cleanups = [];
const cleanup = async () => { for (const c of cleanups.reverse()) await c(); rmSync(dir, { recursive: true, force: true }); };
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  say('building the agent ramdisk if it changed (Debian kernel, busybox, Node.js, the agent)');
  const built = await exec('bash', [join(ROOT, 'deploy/ramdisk/build.sh'), '--if-stale'], { maxBuffer: 1 << 24 });
  say(built.stdout.trim());

  const [apiPort, inspectorPort, agentPort] = [await freePort(), await freePort(), await freePort()];
  say(`starting Ferrum (all roles in one process, in-memory database) on http://127.0.0.1:${apiPort}`);
  const ferrum = spawn(process.execPath, [join(ROOT, 'dist/apps/ferrum/src/main.js'), '--role', 'all'], {
    env: { ...process.env, FERRUM_API_PORT: String(apiPort), FERRUM_INSPECTOR_PORT: String(inspectorPort), FERRUM_DB_DIR: 'memory://', FERRUM_LOG_FORMAT: 'json', FERRUM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => new Promise((resolve) => { ferrum.once('exit', resolve); ferrum.kill('SIGTERM'); }));
  for (let i = 0; ; i++) {
    if ((await fetch(`http://127.0.0.1:${apiPort}/v1`).catch(() => undefined))?.ok) break;
    if (i > 300) throw new Error('Ferrum did not start');
    await new Promise((r) => setTimeout(r, 100));
  }

  const { emulator, machines, system, close } = await qemuMachine(dir, { agentPort });
  cleanups.push(close);
  say(`a Redfish BMC at ${emulator.url} with one QEMU machine: 2 CPUs, 1 GiB, a 5 GiB disk, NIC ${emulator.nicMacs(system)[0]}`);

  const files = await fileServer('127.0.0.1', 0, { '/agent.iso': join(dir, 'agent.iso'), '/instance.raw': join(dir, 'instance.raw') });
  cleanups.push(files.close);
  const api = `http://10.0.2.2:${apiPort}`;
  await exec('bash', [join(ROOT, 'deploy/ramdisk/iso.sh'), join(dir, 'agent.iso'), `ipa-api-url=${api} ipa-inspection-callback-url=${api}/v1/continue_inspection ipa-advertise-host=127.0.0.1 ipa-advertise-port=${agentPort}`]);
  const image = join(dir, 'instance.raw');
  await exec('bash', [join(ROOT, 'deploy/ramdisk/instance-image.sh'), image, `http://10.0.2.2:${files.port}/home`]);
  const sha256 = createHash('sha256').update(readFileSync(image)).digest('hex');
  say(`published the agent ISO and an instance image (sha256 ${sha256.slice(0, 12)}…) on ${files.url}`);

  const baremetal = baremetalAt(`http://127.0.0.1:${apiPort}`);
  const show = async (...fields) => JSON.parse(await baremetal('node', 'show', 'vm-1', '-f', 'json', ...fields.flatMap((f) => ['-c', f])));

  const uuid = (await baremetal('node', 'create', '--name', 'vm-1', '--driver', 'redfish', '--boot-interface', 'redfish-virtual-media', '--inspect-interface', 'agent',
    '--driver-info', `redfish_address=${emulator.url}`, '--driver-info', `redfish_system_id=/redfish/v1/Systems/${system}`,
    '--driver-info', 'redfish_username=admin', '--driver-info', 'redfish_password=password', '--driver-info', `deploy_iso=${files.url}/agent.iso`, '-f', 'value', '-c', 'uuid')).trim();
  await baremetal('port', 'create', emulator.nicMacs(system)[0], '--node', uuid, '-f', 'value', '-c', 'uuid');
  await baremetal('node', 'manage', 'vm-1', '--wait', '120');
  await baremetal('node', 'inspect', 'vm-1', '--wait', '300');
  const inventory = await (await fetch(`http://127.0.0.1:${apiPort}/v1/nodes/vm-1/inventory`, { headers: { 'X-OpenStack-Ironic-API-Version': '1.81' } })).json();
  const { cpu, memory, disks, interfaces } = inventory.inventory;
  say(`inspected: ${cpu.count} × ${cpu.model_name}, ${memory.physical_mb} MiB, ${disks.map((d) => `${d.name} ${(d.size / 1024 ** 3).toFixed(1)} GiB`).join(', ')}, NIC ${interfaces.map((i) => i.mac_address).join(', ')}`);
  await baremetal('node', 'provide', 'vm-1', '--wait', '300');
  await baremetal('node', 'set', 'vm-1', '--instance-info', `image_source=http://10.0.2.2:${files.port}/instance.raw`, '--instance-info', `image_checksum=${sha256}`);
  await baremetal('node', 'deploy', 'vm-1', '--wait', '300');
  say(`node: ${JSON.stringify(await show('provision_state', 'power_state', 'last_error'))}`);
  await waitForCallHome(files.home, machines, system);
  await baremetal('node', 'undeploy', 'vm-1', '--wait', '300');
  say(`node: ${JSON.stringify(await show('provision_state', 'power_state', 'last_error'))}`);
  say(`done: the machine's serial console is in ${machines.consolePath(system)} until this exits`);
  await cleanup();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await cleanup();
  process.exit(1);
}
