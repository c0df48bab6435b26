import { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PoolCommand, PoolEvent } from '@ferrum/contracts';
import { agentPoolBundle } from './repo-files';

type Events = { [E in PoolEvent as E['event']]: [E] };

/**
 * The simulated agents: one process (dist/agent-pool.js) running the real agent's code once per powered-on
 * machine. The lab tells it which machines booted and which lost power; it says what the agents did.
 */
export class AgentPool extends EventEmitter<Events> {
  private child?: ChildProcess;
  /** The pool's last log lines (its agents' stderr), for a failure message. */
  private readonly tail: string[] = [];

  constructor(
    private readonly bundle = agentPoolBundle(),
    private readonly onLog: (line: string) => void = () => undefined,
  ) {
    super();
  }

  /** Starts the pool; resolves when it says it is ready. */
  async start(): Promise<void> {
    if (!existsSync(this.bundle)) throw new Error(`${this.bundle} is missing: run "node tools/build.mjs" first`);
    const child = spawn(process.execPath, [this.bundle], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    createInterface({ input: child.stderr }).on('line', (line) => {
      this.tail.push(line);
      if (this.tail.length > 200) this.tail.shift();
      this.onLog(line);
    });
    const ready = new Promise<void>((resolve, reject) => {
      this.once('ready', () => resolve());
      child.once('exit', (code, signal) => reject(new Error(`the agent pool exited (${code ?? signal}) before it was ready:\n${this.logs()}`)));
    });
    createInterface({ input: child.stdout }).on('line', (line) => this.dispatch(line));
    await ready;
  }

  send(command: PoolCommand): void {
    if (!this.child?.stdin?.writable) throw new Error('the agent pool is not running');
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
  }

  logs(): string {
    return this.tail.join('\n');
  }

  /** Asks the pool to stop its agents and exit; kills it (by PID) if it has not within `graceMs`. */
  async close(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.stdin?.writable) child.stdin.end(`${JSON.stringify({ op: 'shutdown' } satisfies PoolCommand)}\n`);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private dispatch(line: string): void {
    let event: PoolEvent;
    try {
      event = JSON.parse(line) as PoolEvent;
    } catch {
      this.onLog(`(agent pool, not JSON) ${line}`);
      return;
    }
    // Typed per event name; the cast only joins the union back to the one emit signature.
    (this.emit as (name: string, e: PoolEvent) => boolean)(event.event, event);
  }
}
