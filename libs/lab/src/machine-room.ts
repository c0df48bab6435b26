import type { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { AgentPool } from './agent-pool';
import { open } from 'node:fs/promises';
import { DISCARD_DISK, type AgentFaults, type LabHardware } from '@ferrum/contracts';

/** One simulated machine: a ComputerSystem behind the lab's BMC emulator and, while it runs the agent, an agent in the pool. */
export interface LabMachine {
  index: number;
  /** Its ComputerSystem's id on the emulator. */
  system: string;
  /** The node name it is enrolled under (lab-0001…). */
  name: string;
  kind: string;
  hardware: LabHardware;
  /** Where its agent writes images: a file, or `discard`. */
  disk: string;
  faults: LabFaults;
}

/** The failures injected into a machine (FERRUM_LAB_*_SHARE). */
export interface LabFaults {
  bmcTimeout?: boolean;
  agentCrash?: boolean;
  badChecksum?: boolean;
}

/** What the machines did, for the lab's status line and its tests. */
export interface RoomCounts {
  agentBoots: number;
  running: number;
  diskBoots: number;
  crashes: number;
  agentExits: number;
}

/**
 * The "hardware" of the lab: turns what the BMC emulator does into what machines do. A system powered on with
 * its boot override on the virtual CD boots the agent after FERRUM_LAB_BOOT_DELAY_MS, with the kernel command
 * line the CD holds (the lab serves it; Ferrum mounts it through Redfish as it would a real agent ISO); a boot
 * from anything else runs the instance (no agent); power off stops the agent. When the agent itself powers
 * the machine off or reboots it (IPA's power_off and reboot commands), the BMC is told, as a real one sees it.
 */
export class MachineRoom {
  private readonly bySystem = new Map<string, LabMachine>();
  private readonly byName = new Map<string, LabMachine>();
  /** Each system's virtual drives: what Ferrum mounted. */
  private readonly media = new Map<string, Map<string, { image: string; mediaTypes: string[] }>>();
  /** Bumped at every power change: a delayed boot only goes ahead if its power-on is still the current one. */
  private readonly generation = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The boot each machine's agent runs (by system): events of any other boot are about an agent already gone. */
  private readonly agents = new Map<string, number>();
  private boots = 0;
  readonly counts: RoomCounts = { agentBoots: 0, running: 0, diskBoots: 0, crashes: 0, agentExits: 0 };
  private closed = false;

  constructor(
    private readonly emulator: RedfishEmulator,
    private readonly pool: AgentPool,
    machines: LabMachine[],
    private readonly options: { bootDelayMs: number; log: (line: string) => void },
  ) {
    for (const m of machines) {
      this.bySystem.set(m.system, m);
      this.byName.set(m.name, m);
    }
    emulator.on('vmedia', (e) => {
      const drives = this.media.get(e.system) ?? new Map<string, { image: string; mediaTypes: string[] }>();
      this.media.set(e.system, drives);
      if (e.image) drives.set(e.device, { image: e.image, mediaTypes: e.mediaTypes });
      else drives.delete(e.device);
    });
    emulator.on('power', (e) => {
      this.generation.set(e.system, (this.generation.get(e.system) ?? 0) + 1);
      if (e.to === 'Off') this.stopAgent(e.system);
    });
    emulator.on('boot', (e) => this.boot(e.system, e.device));
    pool.on('booted', (e) => this.note(`${e.machine}: agent up at ${e.url}`));
    pool.on('looked-up', (e) => this.note(`${e.machine}: agent looked up as node ${e.node}`));
    pool.on('power', (e) => {
      const m = this.current(e);
      // An agent of an earlier boot: the machine was power-cycled since; its request must not turn off the new boot.
      if (!m) return this.note(`${e.machine}: ignored ${e.action} from the agent of an earlier boot`);
      this.forget(m.system);
      this.note(`${e.machine}: the agent asked for ${e.action}`);
      if (this.closed) return;
      this.emulator.setPower(m.system, 'Off', 'Agent');
      if (e.action === 'reboot') this.emulator.setPower(m.system, 'On', 'Agent');
    });
    pool.on('exited', (e) => {
      const m = this.current(e);
      if (m) this.forget(m.system);
      if (e.reason.startsWith('injected crash')) this.counts.crashes++;
      else this.counts.agentExits++;
      this.note(`${e.machine}: agent ended: ${e.reason}`);
    });
  }

  machine(name: string): LabMachine | undefined {
    return this.byName.get(name);
  }

  /** The machine an event is about, if the event comes from the boot its agent runs now. */
  private current(e: { machine: string; boot?: number }): LabMachine | undefined {
    const m = this.byName.get(e.machine);
    return m && this.agents.get(m.system) === e.boot ? m : undefined;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private boot(system: string, device: string): void {
    const m = this.bySystem.get(system);
    if (!m) return;
    // A restart goes through Off, but a BMC may also re-boot a machine that never powered off: the old agent goes.
    this.stopAgent(system);
    if (device !== 'Cd') {
      this.counts.diskBoots++;
      this.note(`${m.name}: booting from ${device}${device === 'Pxe' ? ' (the lab has no PXE network: nothing boots)' : ' (the instance runs; no agent)'}`);
      return;
    }
    const cd = [...(this.media.get(system)?.values() ?? [])].find((d) => d.mediaTypes.some((t) => t === 'CD' || t === 'DVD'));
    if (!cd) return this.note(`${m.name}: booted from the virtual CD with none inserted: nothing boots`);
    const generation = this.generation.get(system) ?? 0;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.startAgent(m, cd.image, generation);
    }, this.options.bootDelayMs);
    this.timers.add(timer);
  }

  private async startAgent(m: LabMachine, image: string, generation: number): Promise<void> {
    let cmdline: string;
    try {
      const response = await fetch(image);
      if (!response.ok) throw new Error(`answered ${response.status}`);
      cmdline = (await response.text()).trim();
    } catch (error) {
      return this.note(`${m.name}: could not read the virtual CD ${image}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (m.disk !== DISCARD_DISK) await ensureDiskFile(m.disk, m.hardware.disks[0].sizeGiB);
    // Powered off or restarted while the CD was read: that boot is over.
    if (this.closed || (this.generation.get(m.system) ?? 0) !== generation || this.emulator.system(m.system)?.powerState !== 'On') return;
    const faults: AgentFaults = {
      ...(m.faults.agentCrash && { crashOn: 'standby.prepare_image' }),
      ...(m.faults.badChecksum && { corruptImage: true }),
    };
    const boot = ++this.boots;
    this.pool.send({ op: 'boot', machine: m.name, cmdline, hardware: m.hardware, disk: m.disk, faults, boot });
    this.agents.set(m.system, boot);
    this.counts.agentBoots++;
    this.counts.running = this.agents.size;
  }

  private stopAgent(system: string): void {
    const m = this.bySystem.get(system);
    if (!m || !this.agents.has(system)) return;
    this.forget(system);
    if (!this.closed) this.pool.send({ op: 'stop', machine: m.name });
  }

  private forget(system: string): void {
    this.agents.delete(system);
    this.counts.running = this.agents.size;
  }

  private note(line: string): void {
    this.options.log(line);
  }
}

/** A machine's disk as a sparse file of the disk's size (the agent reads the size when it erases it), made once. */
async function ensureDiskFile(path: string, sizeGiB: number): Promise<void> {
  const file = await open(path, 'a');
  try {
    if ((await file.stat()).size === 0) await file.truncate(sizeGiB * 1024 ** 3);
  } finally {
    await file.close();
  }
}
