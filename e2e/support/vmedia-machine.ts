import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RedfishEmulator } from '@ferrum/bmc-emulator';
import { stopChild } from './stop-child';

const ROOT = join(__dirname, '..', '..');
export const AGENT = join(ROOT, 'dist', 'agent.js');

/** What one emulated system is: its NIC (the agent reports it) and its disk (a file the agent writes images to). */
export interface MachineSpec {
  mac: string;
  disk: string;
}

/** One boot of the agent on a machine: its process and the command line it read from the CD. */
export interface AgentBoot {
  system: string;
  pid: number;
  image: string;
  cmdline: string;
  exited: boolean;
}

interface Machine extends MachineSpec {
  /** What each virtual drive holds, from the emulator's 'vmedia' events. */
  media: Map<string, { image: string; mediaTypes: string[] }>;
  child?: ChildProcess;
}

/**
 * Machines behind the Redfish emulator's systems that boot the real agent from virtual media, as a server
 * boots the agent ISO a BMC mounts: when a system powers on (or restarts) with its boot override on `Cd` and
 * a CD image inserted, the "firmware" fetches the image, whose content stands for the ISO's boot config (the
 * agent's kernel command line), and starts `node dist/agent.js` with that command line plus what the machine
 * itself is (`ferrum-sim-interfaces`, its NIC; `ferrum-target-device`, its disk). Powering off, or a boot from
 * anything else (the disk: the instance "runs"), stops that agent, by PID.
 */
export class VmediaMachines {
  private readonly machines = new Map<string, Machine>();
  /** Every agent started, in order (a test checks which boots happened). */
  readonly boots: AgentBoot[] = [];
  /** Problems the machines ran into (an image that did not answer…), for failure messages. */
  readonly errors: string[] = [];
  private output = '';
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly emulator: RedfishEmulator,
    private readonly agentPath = AGENT,
  ) {
    if (!existsSync(agentPath)) throw new Error(`${agentPath} is missing: run "node tools/build.mjs" first`);
    emulator.on('vmedia', (e) => {
      this.note(`vmedia ${e.system} ${e.device} ${e.image ?? '(ejected)'}`);
      const m = this.machines.get(e.system);
      if (!m) return;
      if (e.image) m.media.set(e.device, { image: e.image, mediaTypes: e.mediaTypes });
      else m.media.delete(e.device);
    });
    emulator.on('power', (e) => {
      this.note(`power ${e.system} ${e.from} → ${e.to} (${e.resetType})`);
      if (e.to === 'Off') this.track(this.stopAgent(e.system));
    });
    emulator.on('boot', (e) => {
      this.note(`boot ${e.system} from ${e.device}${e.once ? ' (once)' : ''}`);
      const m = this.machines.get(e.system);
      if (!m) return;
      if (e.device !== 'Cd') return void this.track(this.stopAgent(e.system));
      const cd = [...m.media.values()].find((d) => d.mediaTypes.some((t) => t === 'CD' || t === 'DVD'));
      if (!cd) return void this.errors.push(`${e.system} booted from Cd with no CD inserted`);
      this.track(this.bootAgent(e.system, m, cd.image));
    });
  }

  /** Attaches a machine to an emulated system. */
  add(system: string, spec: MachineSpec): void {
    this.machines.set(system, { ...spec, media: new Map() });
  }

  /** The PID of the agent running on a system, if any. */
  agentPid(system: string): number | undefined {
    const child = this.machines.get(system)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /** What the machines saw (power, boots, media) and the agents' output, for failure messages. */
  get logs(): string {
    return this.output;
  }

  private note(line: string): void {
    this.output += `[machines] ${new Date().toISOString()} ${line}\n`;
  }

  /** Stops every agent (by PID) and waits for what the machines were doing. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await Promise.all([...this.machines.keys()].map((s) => this.stopAgent(s)));
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: Error) => void this.errors.push(err.message)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async bootAgent(system: string, m: Machine, image: string): Promise<void> {
    // A restart powers off then on at once: the old agent goes first.
    await this.stopAgent(system);
    const response = await fetch(image);
    if (!response.ok) throw new Error(`${system}: the CD image ${image} answered ${response.status}`);
    const cmdline = `${(await response.text()).trim()} ferrum-sim-interfaces=eth0=${m.mac} ferrum-target-device=${m.disk}`;
    // The system may have been powered off while the image was read.
    if (this.emulator.system(system)?.powerState !== 'On') return void this.note(`${system} was powered off before the agent started`);
    const child = spawn(process.execPath, [this.agentPath], {
      env: { PATH: process.env.PATH ?? '', FERRUM_AGENT_CMDLINE: cmdline, FERRUM_AGENT_EXIT_WITH_PARENT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[agent ${system} ${child.pid}] `;
    const keep = (d: Buffer) => (this.output += d.toString().replace(/^(?=.)/gm, prefix));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    m.child = child;
    const boot: AgentBoot = { system, pid: child.pid!, image, cmdline, exited: false };
    this.boots.push(boot);
    child.once('exit', () => (boot.exited = true));
  }

  private async stopAgent(system: string): Promise<void> {
    const m = this.machines.get(system);
    const child = m?.child;
    if (!m || !child) return;
    m.child = undefined;
    await stopChild(child, 5000);
  }
}
