import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { reachable } from '@ferrum/testing';
import { freePort } from './free-port';

const run = promisify(execFile);

/** The directory of PostgreSQL's server binaries (initdb, postgres), if this machine has them. */
export function postgresBinaries(): string | undefined {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  return [...versions.map((v) => `/usr/lib/postgresql/${v}/bin`), '/usr/local/bin', '/usr/bin'].find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
}

/**
 * A PostgreSQL cluster of a test file's own, on a free port, in a temporary directory: stopped and
 * started again by the test (a real restart), never the shared server. PostgreSQL refuses to run as root,
 * so as root it runs as the `postgres` user (runuser). The server process is stopped by its PID.
 */
export class PrivatePostgres {
  private child?: ChildProcess;

  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    private readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(bin: string): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'ferrum-pg-'));
    const server = new PrivatePostgres(bin, dir, await freePort());
    if (process.getuid?.() === 0) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
    await run(...server.as(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']));
    await server.startServer();
    return server;
  }

  /** Starts the server again on the same port and data (after `stop`: a database restart). */
  async startServer(): Promise<void> {
    const [command, args] = this.as(join(this.bin, 'postgres'), ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
    this.child = spawn(command, args, { stdio: 'ignore' });
    const end = Date.now() + 30_000;
    while (!(await reachable(this.url, 200))) {
      if (this.child.exitCode !== null || Date.now() > end) throw new Error(`PostgreSQL did not listen on ${this.url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * A fast shutdown: SIGINT to the postmaster, by the PID it wrote in postmaster.pid (under runuser the
   * child is runuser, which does not pass the signal on). Connections are cut, new ones refused.
   */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pidFile = join(this.dir, 'data', 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
    else child.kill('SIGINT');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private as(command: string, args: string[]): [string, string[]] {
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  }
}
