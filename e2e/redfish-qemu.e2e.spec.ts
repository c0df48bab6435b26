import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QemuMachines, RedfishEmulator } from '@ferrum/bmc-emulator';
import { inCI } from '@ferrum/testing';
import { cliAgainstFerrum } from './support/baremetal-cli';
import { fileHead } from './support/file-head';
import { CallHome, machineFileServer } from './support/machine-file-server';
import { IronicHttp } from './support/http';
import { freePort } from './support/free-port';

const exec = promisify(execFile);
const ROOT = join(__dirname, '..');
const ISOLINUX = '/usr/lib/ISOLINUX/isolinux.bin';
const QEMU = '/usr/bin/qemu-system-x86_64';

/**
 * Issue 21, the second piece: Ferrum drives a QEMU machine through its ordinary `redfish` driver. The Redfish
 * emulator's QEMU backend turns Reset and the boot override into a QEMU process booting the virtual CD Ferrum
 * mounted: the agent ramdisk's ISO (deploy/ramdisk/iso.sh). In-band inspection through the agent inspect
 * interface, every step with the real `baremetal` CLI.
 */
describe('a QEMU machine behind the Redfish emulator, driven by Ferrum', () => {
  const usable = existsSync(QEMU) && existsSync(ISOLINUX);
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-redfish-qemu-'));
  let inspectorPort = 0;
  const ctx = cliAgainstFerrum('the Redfish QEMU e2e', async () => {
    inspectorPort = await freePort();
    return { FERRUM_LOG_LEVEL: 'info', FERRUM_INSPECTOR_PORT: String(inspectorPort) };
  });
  let emulator: RedfishEmulator | undefined;
  let machines: QemuMachines | undefined;
  let files: Server | undefined;
  const log: string[] = [];
  /** What the deployed system posted when it booted from its disk. */
  const calls: CallHome[] = [];
  let agentPort = 0;
  let disk = '';

  beforeAll(async () => {
    if (!usable) {
      if (inCI()) throw new Error(`${QEMU} and ${ISOLINUX} are required under CI=true (apt-get install qemu-system-x86 isolinux syslinux-common)`);
      return;
    }
    await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'build.sh'), '--if-stale'], { timeout: 600_000 });
    emulator = new RedfishEmulator({ mockupDir: join(ROOT, 'libs', 'lab', 'redfish-mockup', 'public-rackmount1'), systems: 1, port: 0 });
    await emulator.listen();
    const [system] = emulator.systemIds;
    emulator.setPower(system, 'Off', 'Test');
    disk = join(dir, 'disk.raw');
    writeFileSync(disk, '');
    truncateSync(disk, 5 * 1024 ** 3); // the agent deploys to a disk of at least 4 GiB, as IPA
    agentPort = await freePort();
    machines = new QemuMachines(emulator, [{ system, cpus: 2, memoryMiB: 1024, disk, agentPort }], { dir, log: (l) => log.push(l) });
    // The agent ISOs and the instance image on a file server, as an operator publishes them; the deployed system
    // calls home here.
    const published = Object.fromEntries(['agent.iso', 'inspector.iso', 'instance.raw'].map((name) => [`/${name}`, join(dir, name)]));
    files = (await machineFileServer(published, { callHome: (call) => calls.push(call) })).server;
  }, 660_000);
  afterAll(async () => {
    await machines?.close();
    await emulator?.close();
    await new Promise((resolve) => (files ? files.close(resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  ctx.maybe(
    'inspects the machine: manage, then inspect over virtual media, back to manageable with its real CPUs, memory, disk and MAC, and off',
    async () => {
      if (!usable) return;
      const { cli } = ctx;
      const api = `http://10.0.2.2:${new URL(cli.endpoint).port}`;
      // The conductor reaches the agent behind QEMU's NAT through a forwarded port, which the agent advertises.
      const params = `ipa-api-url=${api} ipa-inspection-callback-url=${api}/v1/continue_inspection ipa-advertise-host=127.0.0.1 ipa-advertise-port=${agentPort}`;
      await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'iso.sh'), join(dir, 'agent.iso'), params]);
      const [system] = emulator!.systemIds;
      const mac = emulator!.nicMacs(system)[0];
      const iso = `http://127.0.0.1:${(files!.address() as AddressInfo).port}/agent.iso`;
      // ironic-inspector's dialect, for the second inspection: the same ramdisk reports to the inspector's /v1/continue.
      const inspector = `http://10.0.2.2:${inspectorPort}/v1/continue`;
      await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'iso.sh'), join(dir, 'inspector.iso'), `ipa-api-url=${api} ipa-inspection-callback-url=${inspector} ipa-advertise-host=127.0.0.1 ipa-advertise-port=${agentPort}`]);
      const node = await cli.bm(
        'node', 'create', '--driver', 'redfish', '--boot-interface', 'redfish-virtual-media', '--inspect-interface', 'agent', '--name', 'qemu-1',
        '--driver-info', `redfish_address=${emulator!.url}`, '--driver-info', `redfish_system_id=/redfish/v1/Systems/${system}`,
        '--driver-info', 'redfish_username=admin', '--driver-info', 'redfish_password=password', '--driver-info', `deploy_iso=${iso}`,
      );
      await cli.bm('port', 'create', mac, '--node', node.uuid);
      await cli.bm('node', 'manage', node.uuid, '--wait', '120');
      await cli.bm('node', 'inspect', node.uuid, '--wait', '240');

      const shown = await cli.bm('node', 'show', node.uuid);
      const console = readFileSync(machines!.consolePath(system), 'utf8');
      expect({ state: shown.provision_state, error: shown.last_error }).toEqual({ state: 'manageable', error: null });
      expect(console).toMatch(/RAMDISK: lease 10\.0\.2\.15 on eth0/);
      // The agent's last words may not reach the console: the conductor powers the machine off once the data is in.
      expect(console).toMatch(/posting inspection data to http:\/\/10\.0\.2\.2:\d+\/v1\/continue_inspection/);
      const { inventory } = (await new IronicHttp(cli.endpoint, '1.81').request('GET', `/v1/nodes/${node.uuid}/inventory`)).json;
      expect(inventory.cpu).toMatchObject({ count: 2, model_name: expect.stringMatching(/QEMU/) });
      expect(inventory.memory.physical_mb).toBeGreaterThan(800);
      expect(inventory.disks.map((d: { name: string; size: number }) => [d.name, d.size])).toEqual([['/dev/vda', 5 * 1024 ** 3]]);
      expect(inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toEqual([mac]);
      // The end of a managed inspection: the CD ejected and the machine powered off, so QEMU is gone.
      expect(shown.power_state).toBe('power off');
      expect(machines!.isRunning(system)).toBe(false);
      expect(log.join('\n')).toMatch(/QEMU started \(pid \d+\), booting from Cd/);
    },
    420_000,
  );

  ctx.maybe(
    "inspects it again in ironic-inspector's dialect (the inspector interface): properties from the inspector's hooks",
    async () => {
      if (!usable) return;
      const { cli } = ctx;
      const iso = `http://127.0.0.1:${(files!.address() as AddressInfo).port}/inspector.iso`;
      await cli.bm('node', 'set', 'qemu-1', '--inspect-interface', 'inspector', '--driver-info', `deploy_iso=${iso}`);
      await cli.bm('node', 'inspect', 'qemu-1', '--wait', '240');
      const shown = await cli.bm('node', 'show', 'qemu-1');
      expect({ state: shown.provision_state, error: shown.last_error, power: shown.power_state }).toEqual({ state: 'manageable', error: null, power: 'power off' });
      // ironic-inspector's scheduler hook: CPUs, memory in MiB, and the root disk in GiB less one.
      // (ironic-inspector writes them as strings.)
      const { cpus, local_gb, memory_mb, cpu_arch } = shown.properties;
      expect({ cpus: Number(cpus), local_gb: Number(local_gb), cpu_arch }).toEqual({ cpus: 2, local_gb: 4, cpu_arch: 'x86_64' });
      expect(Number(memory_mb)).toBeGreaterThan(800);
      const [system] = emulator!.systemIds;
      expect(readFileSync(machines!.consolePath(system), 'utf8')).toMatch(new RegExp(`posting inspection data to ${inspectorUrlPattern()}`));
    },
    420_000,
  );

  ctx.maybe(
    'provides, deploys an image that boots from the disk and calls home, then undeploys with cleaning back to available',
    async () => {
      if (!usable) return;
      const { cli } = ctx;
      const [system] = emulator!.systemIds;
      const fileServer = `http://10.0.2.2:${(files!.address() as AddressInfo).port}`;
      const image = join(dir, 'instance.raw');
      await exec('bash', [join(ROOT, 'deploy', 'ramdisk', 'instance-image.sh'), image, `${fileServer}/home`]);
      const sha256 = createHash('sha256').update(readFileSync(image)).digest('hex');
      const node = await cli.bm('node', 'show', 'qemu-1');
      expect(node.provision_state).toBe('manageable');

      await cli.bm('node', 'provide', node.uuid, '--wait', '300');
      expect(await cli.bm('node', 'show', node.uuid)).toMatchObject({ provision_state: 'available', last_error: null });
      // The agent downloads the image itself, from inside the machine.
      await cli.bm('node', 'set', node.uuid, '--instance-info', `image_source=${fileServer}/instance.raw`, '--instance-info', `image_checksum=${sha256}`);
      await cli.bm('node', 'deploy', node.uuid, '--wait', '300');
      const active = await cli.bm('node', 'show', node.uuid);
      expect({ state: active.provision_state, error: active.last_error, power: active.power_state }).toEqual({ state: 'active', error: null, power: 'power on' });
      // The machine now boots what was written to its disk, which calls home.
      for (let i = 0; calls.length === 0; i++) {
        if (i > 240) throw new Error(`the deployed system never called home:\n${readFileSync(machines!.consolePath(system), 'utf8').slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(calls[0]).toEqual({ mac: emulator!.nicMacs(system)[0], uptime_s: expect.any(Number), root: 'disk' });
      expect(readFileSync(machines!.consolePath(system), 'utf8')).toMatch(/INSTANCE: booted from disk/);
      expect(log.join('\n')).toMatch(/booting from Hdd/);
      // The image is on the machine's disk, byte for byte.
      const written = fileHead(disk, statSync(image).size);
      expect(createHash('sha256').update(written).digest('hex')).toBe(sha256);

      await cli.bm('node', 'undeploy', node.uuid, '--wait', '300');
      const after = await cli.bm('node', 'show', node.uuid);
      expect({ state: after.provision_state, error: after.last_error }).toEqual({ state: 'available', error: null });
      // Cleaning erased the disk's metadata: the partition table is gone.
      expect(fileHead(disk, 512).subarray(510, 512).toString('hex')).not.toBe('55aa');
    },
    900_000,
  );
});

function inspectorUrlPattern(): string {
  return 'http://10\\.0\\.2\\.2:\\d+/v1/continue\\b';
}
