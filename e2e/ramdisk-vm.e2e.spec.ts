import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { cliAgainstFerrum } from './support/baremetal-cli';
import { IronicHttp } from './support/http';
import { QEMU, QemuVm } from './support/qemu-vm';

const exec = promisify(execFile);
const ROOT = join(__dirname, '..');
const RAMDISK = join(ROOT, 'build', 'ramdisk');

/**
 * Issue 21's first piece: the agent ramdisk (`npm run build:ramdisk`) boots a real (virtual) machine, QEMU in
 * software emulation, into Ferrum's agent, which inspects it and reports to Ferrum over the network. Until the
 * Redfish emulator drives QEMU, the test boots the VM where a BMC would.
 */
describe('the agent ramdisk in a QEMU machine', () => {
  const qemu = existsSync(QEMU);
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-vm-'));
  const ctx = cliAgainstFerrum('the ramdisk VM e2e', () => ({ FERRUM_LOG_LEVEL: 'info' }));
  let vm: QemuVm | undefined;

  beforeAll(async () => {
    if (!qemu) {
      if (inCI()) throw new Error(`${QEMU} is required under CI=true (apt-get install qemu-system-x86)`);
      return;
    }
    // Built again only when the agent, /init or the build changed (a kernel download the first time, then about 30 s).
    await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'build.sh'), '--if-stale'], { timeout: 600_000 });
  }, 660_000);
  afterAll(async () => {
    await vm?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  ctx.maybe('is inspected in-band through the agent inspect interface: the real CPU count, memory, disk and MAC', async () => {
    if (!qemu) return;
    const manifest = JSON.parse(readFileSync(join(RAMDISK, 'manifest.json'), 'utf8'));
    expect(manifest.initramfs_bytes).toBeGreaterThan(0);
    const { cli } = ctx;
    const mac = '52:54:00:f3:00:21';
    const node = await cli.bm('node', 'create', '--driver', 'fake-hardware', '--inspect-interface', 'agent', '--name', 'vm-1');
    await cli.bm('port', 'create', mac, '--node', node.uuid);
    await cli.bm('node', 'manage', node.uuid, '--wait', '60');
    await cli.bm('node', 'inspect', node.uuid);

    const disk = join(dir, 'disk.raw');
    writeFileSync(disk, '');
    truncateSync(disk, 2 * 1024 ** 3);
    const api = `http://10.0.2.2:${new URL(cli.endpoint).port}`;
    vm = new QemuVm({
      kernel: join(RAMDISK, 'vmlinuz'),
      initrd: join(RAMDISK, 'initramfs.gz'),
      append: `quiet ipa-api-url=${api} ipa-inspection-callback-url=${api}/v1/continue_inspection`,
      mac,
      cpus: 2,
      memoryMiB: 1024,
      disk,
      console: join(dir, 'console.log'),
    });
    await vm.waitForConsole(/RAMDISK: lease 10\.0\.2\.15/);
    await vm.waitForConsole(/inspection data accepted for node ([0-9a-f-]{36})/);

    const http = new IronicHttp(cli.endpoint, '1.81');
    for (let i = 0; ; i++) {
      const shown = await cli.bm('node', 'show', node.uuid);
      if (shown.provision_state === 'manageable') {
        expect(shown.last_error).toBeNull();
        break;
      }
      if (i > 120) throw new Error(`the node stayed in ${shown.provision_state}: ${shown.last_error}\n${vm.consoleText.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const { inventory } = (await http.request('GET', `/v1/nodes/${node.uuid}/inventory`)).json;
    expect(inventory.cpu).toMatchObject({ count: 2, architecture: 'x86_64', model_name: expect.stringMatching(/QEMU/) });
    // What the kernel leaves of 1 GiB after its own reservations.
    expect(inventory.memory.physical_mb).toBeGreaterThan(800);
    expect(inventory.memory.physical_mb).toBeLessThanOrEqual(1024);
    expect(inventory.disks.map((d: { name: string; size: number }) => [d.name, d.size])).toEqual([['/dev/vda', 2 * 1024 ** 3]]);
    expect(inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toEqual([mac]);
    // The agent keeps running, looking the node up (a deploy is the next piece).
    await vm.waitForConsole(/command API listening on 0\.0\.0\.0:9999/);
  }, 300_000);
});
