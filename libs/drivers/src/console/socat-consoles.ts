import { ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { InvalidParameterValue } from '@ferrum/errors';
import type { ConsoleSettings } from './console-settings';

/** What one node's console runs: socat listening on host:port, executing `command` for each client. */
export interface SocatConsoleSpec {
  host: string;
  port: number;
  /** argv of the program socat runs on a pty for a client (ipmitool … sol activate). */
  command: string[];
  /** Extra environment of that program (the IPMI password, so that it is on no command line). */
  env: Record<string, string>;
}

/** Ironic's ConsoleSubprocessFailed, worded as Ironic words it. */
export class ConsoleSubprocessFailed extends Error {
  constructor(detail: string) {
    super(`Console subprocess failed to start. ${detail}`);
  }
}

const STDERR_KEPT = 4096;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One argv as socat's EXEC address: words separated by spaces, each character socat's address syntax gives
 * a meaning (`,` `:` `!` brackets…) escaped with a backslash. Whitespace, quotes and backslashes cannot be
 * passed through EXEC's own word splitting, so a value holding them is refused rather than mangled.
 */
export function socatExec(argv: string[]): string {
  return argv
    .map((arg) => {
      if (arg === '' || /[\s'"\\]/.test(arg)) {
        throw new InvalidParameterValue({ message: `The console command cannot carry the value "${arg}" (empty, or with whitespace, quotes or backslashes).` });
      }
      return arg.replace(/[^A-Za-z0-9_./-]/g, (c) => `\\${c}`);
    })
    .join(' ');
}

/**
 * The socat processes serving node consoles (Ironic's console_utils socat functions). Each socat runs in a
 * process group of its own, with its pid file (socat -L) in the pid directory: stopping a console signals
 * that group — socat and the ipmitool it forked for a connected client — by PID, and a restarted conductor
 * finds through the pid file what its predecessor left running.
 */
export class SocatConsoles {
  private readonly children = new Map<string, ChildProcess>();

  constructor(private readonly settings: ConsoleSettings) {}

  /** The pid of the node's socat, while this process runs it. */
  pid(nodeUuid: string): number | undefined {
    return this.children.get(nodeUuid)?.pid;
  }

  /** Starts the node's console (stopping any left before); resolves once socat listens. @throws ConsoleSubprocessFailed */
  async start(nodeUuid: string, spec: SocatConsoleSpec): Promise<void> {
    await this.stop(nodeUuid);
    await mkdir(this.settings.pidDir, { recursive: true, mode: 0o700 });
    const listen = isIPv6(spec.host)
      ? `TCP6-LISTEN:${spec.port},bind=[${spec.host}],reuseaddr,fork,max-children=1`
      : `TCP4-LISTEN:${spec.port},bind=${spec.host},reuseaddr,fork,max-children=1`;
    const args = ['-d', '-d', ...(this.settings.terminalTimeoutS > 0 ? [`-T${this.settings.terminalTimeoutS}`] : []), `-L${this.pidFile(nodeUuid)}`, listen, `EXEC:${socatExec(spec.command)},pty,stderr`];
    const child = spawn(this.settings.socatPath, args, {
      // A group of its own: socat's forked children (the client's ipmitool) are stopped with it.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', ...spec.env },
    });
    const describe = () => `Command: ${[this.settings.socatPath, ...args].join(' ')}.`;
    let stderr = '';
    const exited = new Promise<string>((resolve) => {
      child.once('error', (err) => resolve(`${describe()}\n${err.message}`));
      child.once('exit', (code, signal) => resolve(`${describe()}\nExit code: ${code ?? signal}.\nStderr: ${JSON.stringify(stderr.trim())}`));
    });
    const listening = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
        if (/listening on/.test(stderr)) resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.settings.subprocessTimeoutS * 1000)));
    const outcome = await Promise.race([listening.then(() => 'listening' as const), exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'listening') {
      this.children.set(nodeUuid, child);
      child.once('exit', () => {
        if (this.children.get(nodeUuid) === child) this.children.delete(nodeUuid);
      });
      return;
    }
    if (outcome === 'timeout') {
      await this.kill(child.pid, child);
      await rm(this.pidFile(nodeUuid), { force: true });
      throw new ConsoleSubprocessFailed(`Timeout while waiting for console subprocess to start for node ${nodeUuid}.`);
    }
    await rm(this.pidFile(nodeUuid), { force: true }).catch(() => undefined);
    throw new ConsoleSubprocessFailed(outcome);
  }

  /** Stops the node's console, whether this process or a predecessor started it; nothing running is fine. */
  async stop(nodeUuid: string): Promise<void> {
    const child = this.children.get(nodeUuid);
    this.children.delete(nodeUuid);
    const pid = child?.pid ?? (await this.leftoverPid(nodeUuid));
    if (pid) await this.kill(pid, child);
    await rm(this.pidFile(nodeUuid), { force: true });
  }

  /** Stops every console this process runs (the conductor is stopping; console_enabled stays as it is). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((uuid) => this.stop(uuid)));
  }

  private pidFile(nodeUuid: string): string {
    return join(this.settings.pidDir, `${nodeUuid}.pid`);
  }

  /** The pid in the node's pid file, if that process is still the socat started with it (pids get reused). */
  private async leftoverPid(nodeUuid: string): Promise<number | undefined> {
    const pid = Number((await readFile(this.pidFile(nodeUuid), 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(pid) || pid <= 1) return undefined;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    return cmdline.split('\0').includes(`-L${this.pidFile(nodeUuid)}`) ? pid : undefined;
  }

  /** SIGTERM to socat's group, SIGKILL to whatever of it is left after the kill timeout. */
  private async kill(pid: number | undefined, child?: ChildProcess): Promise<void> {
    if (!pid) return;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // ESRCH: the group is gone already.
      }
    };
    const alive = () => {
      if (child) return child.exitCode === null && child.signalCode === null;
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    signal('SIGTERM');
    const deadline = performance.now() + this.settings.killTimeoutS * 1000;
    while (alive() && performance.now() < deadline) await sleep(50);
    // socat gone or not, its forked children (ipmitool) must not outlive it.
    signal('SIGKILL');
    while (alive() && performance.now() < deadline + 2000) await sleep(20);
  }
}
