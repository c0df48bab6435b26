import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** dist/agent.js, relative to this file once compiled to dist/libs/driver-sim-machine/src/. */
export const DEFAULT_AGENT = join(__dirname, '..', '..', '..', 'agent.js');

interface Machine {
  child?: ChildProcess;
  on: boolean;
  bootDevice: string;
  persistent: boolean;
}

export interface BootSpec {
  /** Kernel command line the "firmware" hands the ramdisk (ipa-api-url=… BOOTIF=…). */
  kernelParams: string;
  /** Extra environment for the agent process (e.g. a writable target file for the image). */
  env: Record<string, string>;
  agentPath: string;
}

/**
 * The simulated machines of this conductor process, by node uuid. "Powering on" a machine whose next boot
 * device is the network starts the real agent (node dist/agent.js) with the kernel parameters the test gave
 * the node, the way a PXE boot would start the ramdisk; booting from disk starts nothing (the instance "runs").
 * Powering off kills the process. Machines die with the conductor that started them.
 */
export class SimMachines {
  private readonly machines = new Map<string, Machine>();

  constructor() {
    process.once('exit', () => {
      for (const m of this.machines.values()) m.child?.kill('SIGKILL');
    });
  }

  private get(uuid: string): Machine {
    let m = this.machines.get(uuid);
    if (!m) {
      m = { on: false, bootDevice: 'pxe', persistent: false };
      this.machines.set(uuid, m);
    }
    return m;
  }

  isOn(uuid: string): boolean {
    const m = this.machines.get(uuid);
    return !!m?.on && (!m.child || (m.child.exitCode === null && m.child.signalCode === null));
  }

  bootDevice(uuid: string): { boot_device: string; persistent: boolean } {
    const m = this.get(uuid);
    return { boot_device: m.bootDevice, persistent: m.persistent };
  }

  setBootDevice(uuid: string, device: string, persistent: boolean): void {
    const m = this.get(uuid);
    m.bootDevice = device;
    m.persistent = persistent;
  }

  agentPid(uuid: string): number | undefined {
    return this.machines.get(uuid)?.child?.pid;
  }

  async powerOn(uuid: string, boot: BootSpec): Promise<void> {
    const m = this.get(uuid);
    if (this.isOn(uuid)) return;
    m.on = true;
    m.child = undefined;
    if (m.bootDevice === 'pxe') {
      if (!existsSync(boot.agentPath)) throw new Error(`agent not found at ${boot.agentPath}: run "npm run build"`);
      const child = spawn(process.execPath, [boot.agentPath], {
        env: { PATH: process.env.PATH ?? '', ...boot.env, FERRUM_AGENT_CMDLINE: boot.kernelParams, FERRUM_AGENT_EXIT_WITH_PARENT: 'true' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      m.child = child;
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    }
    // A one-time boot device lasts one boot, as on real hardware.
    if (!m.persistent) m.bootDevice = 'disk';
  }

  async powerOff(uuid: string): Promise<void> {
    const m = this.get(uuid);
    m.on = false;
    const child = m.child;
    m.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
