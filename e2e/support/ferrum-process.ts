import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'apps', 'ferrum', 'src', 'main.js');

/** One `node dist/apps/ferrum/src/main.js --role X` child, with its output kept for failure messages. */
export class FerrumProcess {
  private readonly child: ChildProcess;
  private output = '';
  private exited?: Promise<number | null>;

  constructor(
    readonly role: string,
    env: Record<string, string>,
    /** A command Ferrum runs under, e.g. `ip netns exec <ns>` (which execs it: the PID stays Ferrum's). */
    prefix: string[] = [],
  ) {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
    const [cmd, ...first] = [...prefix, process.execPath];
    this.child = spawn(cmd, [...first, MAIN, '--role', role], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', FERRUM_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get logs(): string {
    return this.output;
  }

  /** Resolves when a log line matching `pattern` appears; fails with the logs if the process exits or time runs out. */
  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (pattern.test(this.output)) return;
      if (this.child.exitCode !== null) throw new Error(`${this.role} exited with ${this.child.exitCode}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.role} did not log ${pattern} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Resolves with the exit code once the process has ended on its own (e.g. `--role migrate`). */
  wait(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }

  /** Kills by PID (never by name) and waits for the exit; resolves with the exit code (null when killed by the signal). */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited ?? null;
  }
}
