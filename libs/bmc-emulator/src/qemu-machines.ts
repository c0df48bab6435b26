import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { RedfishEmulator } from './redfish-emulator';

const run = promisify(execFile);

/** One QEMU machine behind one of the emulator's ComputerSystems. */
export interface QemuMachineSpec {
  system: string;
  cpus: number;
  memoryMiB: number;
  /** A raw disk image: the machine's only disk (virtio). */
  disk: string;
  /**
   * This host's 127.0.0.1 port forwarded to the guest's agent port (9999), for a conductor on this host to reach
   * the agent behind QEMU's NAT (the agent advertises it with ipa-advertise-host/-port).
   */
  agentPort?: number;
}

export interface QemuMachinesOptions {
  /** Consoles (`<system>.console`) and downloaded CD images go here. */
  dir: string;
  qemu?: string;
  log?: (line: string) => void;
  /**
   * A provisioning network: each machine's NIC is a tap on this bridge of this network namespace (QEMU runs inside
   * it), so the machine can boot from the network (its NIC's iPXE ROM) from a DHCP server there. Unset: QEMU's
   * user-mode network, which cannot boot from the network.
   */
  network?: { netns: string; bridge: string };
}

/**
 * The QEMU backend of the Redfish emulator: each system is a real (virtual) machine. A Reset that powers a system
 * on starts its QEMU process, booting what the boot override says: the virtual CD (the image Ferrum mounted through
 * VirtualMedia, downloaded as a BMC would) or the disk. Power off stops it; a guest that shuts itself down is shown
 * as off. The machine's NIC has the system's first MAC on QEMU's user-mode network: it gets a DHCP lease and reaches
 * this host's 127.0.0.1 as 10.0.2.2. Or, given a provisioning network (a bridge in a network namespace), the NIC is
 * on that bridge and a Pxe boot override boots it from the network through the NIC's iPXE ROM, as a server's
 * firmware would. Software emulation (no KVM): a boot takes seconds.
 */
export class QemuMachines {
  private readonly specs = new Map<string, QemuMachineSpec>();
  private readonly running = new Map<string, ChildProcess>();
  private readonly media = new Map<string, string>();
  /** Processes this backend stopped itself: their exit is not the guest powering off. */
  private readonly stopping = new Set<ChildProcess>();
  private closed = false;

  constructor(
    private readonly emulator: RedfishEmulator,
    specs: QemuMachineSpec[],
    private readonly options: QemuMachinesOptions,
  ) {
    for (const s of specs) this.specs.set(s.system, s);
    emulator.on('vmedia', (e) => {
      if (!this.specs.has(e.system) || !e.mediaTypes.some((t) => t === 'CD' || t === 'DVD')) return;
      if (e.image) this.media.set(e.system, e.image);
      else this.media.delete(e.system);
    });
    emulator.on('power', (e) => {
      if (e.to === 'Off') void this.stop(e.system);
    });
    emulator.on('boot', (e) => void this.boot(e.system, e.device));
  }

  /** The serial console of a system's machine (every boot appends to it). */
  consolePath(system: string): string {
    return join(this.options.dir, `${system}.console`);
  }

  isRunning(system: string): boolean {
    return this.running.has(system);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running.keys()].map((s) => this.stop(s)));
  }

  private async boot(system: string, device: string): Promise<void> {
    const spec = this.specs.get(system);
    if (!spec || this.closed) return;
    await this.stop(system);
    const args = ['-m', String(spec.memoryMiB), '-smp', String(spec.cpus), '-display', 'none', '-monitor', 'none'];
    // append=on: every boot adds to the console, as consolePath says (a plain file: chardev truncates it).
    args.push('-chardev', `file,id=console,path=${this.consolePath(system)},append=on`, '-serial', 'chardev:console');
    const network = this.options.network;
    if (network) {
      args.push('-netdev', `tap,id=n0,ifname=${await this.tap(system, network)},script=no,downscript=no`);
    } else {
      const forward = spec.agentPort ? `,hostfwd=tcp:127.0.0.1:${spec.agentPort}-:9999` : '';
      args.push('-netdev', `user,id=n0${forward}`);
    }
    args.push('-device', `e1000,netdev=n0,mac=${this.emulator.nicMacs(system)[0]}`);
    args.push('-drive', `file=${spec.disk},format=raw,if=virtio`);
    if (device === 'Cd') {
      const image = this.media.get(system);
      if (!image) return this.log(`${system}: boots from the virtual CD, but none is inserted: nothing boots`);
      const iso = await this.download(system, image).catch((err: unknown) => {
        this.log(`${system}: could not fetch the virtual CD ${image}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
      if (!iso || this.emulator.system(system)?.powerState !== 'On') return;
      args.push('-cdrom', iso, '-boot', 'order=d');
    } else if (device === 'Hdd' || device === 'None') {
      args.push('-boot', 'order=c');
    } else if (device === 'Pxe' && network) {
      // The NIC's iPXE ROM first; the disk when the network gives it nothing to boot (a firmware's boot order).
      args.push('-boot', 'order=nc');
    } else {
      return this.log(`${system}: booting from ${device} is not emulated (Cd and Hdd; Pxe on a provisioning network)`);
    }
    const qemu = this.options.qemu ?? '/usr/bin/qemu-system-x86_64';
    // `ip netns exec` execs QEMU in the namespace: the PID is QEMU's own.
    const child = network
      ? spawn('ip', ['netns', 'exec', network.netns, qemu, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(qemu, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    this.running.set(system, child);
    this.log(`${system}: QEMU started (pid ${child.pid}), booting from ${device}`);
    child.once('exit', (code) => {
      if (this.running.get(system) === child) this.running.delete(system);
      if (this.stopping.delete(child) || this.closed) return;
      // The guest powered itself off (or QEMU failed): the BMC shows the machine off.
      this.log(`${system}: QEMU ended (${code})${stderr ? `: ${stderr.trim()}` : ''}`);
      if (this.emulator.system(system)?.powerState === 'On') this.emulator.setPower(system, 'Off', 'Guest');
    });
  }

  private async stop(system: string): Promise<void> {
    const child = this.running.get(system);
    if (!child) return;
    this.running.delete(system);
    this.stopping.add(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** The system's tap on the provisioning bridge, created the first time (a name the kernel allows: 15 characters). */
  private async tap(system: string, network: { netns: string; bridge: string }): Promise<string> {
    const name = `fq${Buffer.from(system).toString('hex').slice(-12)}`;
    const exists = await run('ip', ['-n', network.netns, 'link', 'show', name]).then(
      () => true,
      () => false,
    );
    if (!exists) await run('ip', ['-n', network.netns, 'tuntap', 'add', 'dev', name, 'mode', 'tap']);
    await run('ip', ['-n', network.netns, 'link', 'set', name, 'master', network.bridge, 'up']);
    return name;
  }

  /** The CD image, fetched once per URL. */
  private async download(system: string, url: string): Promise<string> {
    await mkdir(this.options.dir, { recursive: true });
    const file = join(this.options.dir, `${system}-${Buffer.from(url).toString('base64url').slice(-40)}.iso`);
    if (existsSync(file)) return file;
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`answered ${response.status}`);
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(`${file}.part`));
    await rename(`${file}.part`, file);
    return file;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
