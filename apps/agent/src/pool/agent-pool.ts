import { type AgentHandle, runAgent } from '../agent';
import { agentParamsSchema, type AgentParams } from '../config/agent-params';
import { parseKernelParams } from '../config/kernel-params';
import type { PoolBootCommand, PoolCommand, PoolEvent } from '@ferrum/contracts';
import { inspectSimulatedMachine } from './simulated-inspection';
import { simulatedInventory } from './simulated-inventory';

export interface AgentPoolOptions {
  /** Where the pool's events go (stdout, one JSON line each, in main.ts). */
  emit: (event: PoolEvent) => void;
  /** A human-readable line about one machine (stderr in main.ts). */
  log: (machine: string, level: 'INFO' | 'ERROR', msg: string) => void;
}

/** One boot of one machine: its agent, until the machine loses power or the agent ends. */
interface Boot {
  readonly power: AbortController;
  /** Set once the command API listens; its close resolves when the API no longer answers. */
  agent?: AgentHandle;
}

/**
 * The simulated-agent pool: many machines' agents in one process, each the real agent (runAgent: lookup,
 * heartbeats, the command API, inspection, image writes) with the machine's simulated inventory, its disk
 * file, its power actions turned into events and, on request, injected faults.
 */
export class AgentPool {
  private readonly boots = new Map<string, Boot>();

  constructor(private readonly options: AgentPoolOptions) {}

  /** Machines whose agent is running. */
  machines(): string[] {
    return [...this.boots.keys()];
  }

  /** Runs one command; resolves when it has taken effect (a boot: once its agent is starting; see the events for the rest). */
  async handle(command: PoolCommand): Promise<void> {
    if (command.op === 'boot') return this.boot(command);
    if (command.op === 'stop') return this.stop(command.machine);
    return this.stopAll();
  }

  /** Powers the machine on (off first if it runs). Bad kernel parameters end the boot with an `exited` event. */
  async boot(command: PoolBootCommand): Promise<void> {
    const { machine } = command;
    const previous = this.powerOff(machine);
    const boot: Boot = { power: new AbortController() };
    // Registered before anything is awaited, so that a stop read right after this boot stops this boot.
    this.boots.set(machine, boot);
    await previous;
    let params: AgentParams;
    try {
      params = agentParams(command);
    } catch (err) {
      this.ended(machine, boot, err instanceof Error ? err.message : String(err), command.boot === undefined ? {} : { boot: command.boot });
      return;
    }
    const inventory = simulatedInventory(machine, command.hardware, { bootif: params.BOOTIF ?? null });
    const log = { info: (m: string) => this.options.log(machine, 'INFO', m), error: (m: string) => this.options.log(machine, 'ERROR', m) };
    const current = () => this.boots.get(machine) === boot;
    // Events name the boot they belong to when the lab numbered it.
    const id = command.boot === undefined ? {} : { boot: command.boot };
    // Not awaited: runAgent resolves only after lookup, and a machine may look up for a long time.
    runAgent(params, log, {
      signal: boot.power.signal,
      inventory: async () => structuredClone(inventory),
      inspect: inspectSimulatedMachine,
      writeOptions: { corruptDownload: command.faults?.corruptImage === true },
      onListening: (agent) => {
        boot.agent = agent;
        if (current()) this.options.emit({ event: 'booted', machine, ...id, url: agent.url });
      },
      onLookedUp: (node) => {
        if (current()) this.options.emit({ event: 'looked-up', machine, ...id, node: node.uuid });
      },
      exit: (code, reason) => this.ended(machine, boot, reason ?? `agent exited with code ${code}`, id),
      power: (action) => {
        if (!current()) return;
        void this.powerOff(machine);
        this.options.emit({ event: 'power', machine, ...id, action });
      },
      beforeCommand: (name, params) => {
        const crashOn = command.faults?.crashOn;
        if (!crashOn || !crashMatches(crashOn, name, params)) return;
        log.error(`injected crash on ${crashOn}: the command API stops answering, heartbeats stop`);
        this.ended(machine, boot, `injected crash on ${crashOn}`, id);
        // The command never runs and its caller never gets an answer: its connection went with the API.
        return new Promise<void>(() => undefined);
      },
    }).catch((err: unknown) => {
      // runAgent only throws when the agent cannot start at all (the listen address is taken, say).
      this.ended(machine, boot, `agent failed to start: ${err instanceof Error ? err.message : String(err)}`, id);
    });
  }

  /** The machine lost power: its agent stops at once. Resolves when its command API no longer answers. */
  async stop(machine: string): Promise<void> {
    await this.powerOff(machine);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.machines().map((m) => this.powerOff(m)));
  }

  /** Stops the machine's current boot (synchronously: a boot that follows starts clean) and waits for its API to close. */
  private powerOff(machine: string): Promise<void> {
    const boot = this.boots.get(machine);
    if (!boot) return Promise.resolve();
    this.boots.delete(machine);
    boot.power.abort(new Error(`machine ${machine} lost power`));
    return boot.agent ? boot.agent.close().catch(() => undefined) : Promise.resolve();
  }

  /** The agent ended on its own: stop what is left of it and tell the lab, unless the machine has moved on. */
  private ended(machine: string, boot: Boot, reason: string, id: { boot?: number }): void {
    if (this.boots.get(machine) !== boot) return;
    void this.powerOff(machine);
    this.options.log(machine, 'ERROR', `agent ended: ${reason}`);
    this.options.emit({ event: 'exited', machine, ...id, reason });
  }
}

/**
 * The agent's parameters from the boot's kernel command line, checked as the agent checks its own, with what
 * the pool decides instead: images go to the machine's disk file (never to a disk of this host), and the
 * parameters count as not coming from /proc/cmdline, so nothing ever reboots this host.
 */
export function agentParams(command: Pick<PoolBootCommand, 'cmdline' | 'disk' | 'hardware'>): AgentParams {
  const raw = parseKernelParams(command.cmdline);
  raw['ferrum-target-device'] = command.disk;
  delete raw['ferrum-sim-interfaces'];
  // The machine's disks, for the software RAID the agent simulates on them (IPA's RAID steps).
  if (command.hardware.disks.length) raw['ferrum-sim-disks'] = command.hardware.disks.map((d) => `${d.name.replace(/^\/dev\//, '')}=${d.sizeGiB}`).join(',');
  else delete raw['ferrum-sim-disks'];
  const parsed = agentParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid kernel parameter ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...parsed.data, source: 'env' };
}

/** `crashOn` names the command (`standby.prepare_image`), or for a step command its extension and step (`deploy.write_image`). */
export function crashMatches(crashOn: string, name: string, params: Record<string, unknown>): boolean {
  if (crashOn === name) return true;
  const step = (params.step as { step?: unknown } | undefined)?.step;
  return /^[a-z_]+\.execute_[a-z_]+_step$/.test(name) && typeof step === 'string' && crashOn === `${name.split('.')[0]}.${step}`;
}
