import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** The nats-server binary, if this machine has one. */
export function natsServerBinary(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean).map((dir) => join(dir, 'nats-server'));
  return [...CANDIDATES, ...onPath].find((p) => existsSync(p));
}

/**
 * A NATS server of this test file's own, on a port it picked, killed by PID when done. Driver-level calls go to a
 * queue group per hardware type, which every Ferrum on one NATS server shares: a test that counts which
 * conductor answered needs a bus no other test file's conductors listen on.
 */
export class PrivateNats {
  private constructor(
    private child: ChildProcess,
    readonly url: string,
    private readonly binary: string,
    private readonly port: number,
    private readonly args: string[],
  ) {}

  /**
   * `args`: more nats-server arguments, e.g. `['-c', configFile]` for TLS and accounts. Without `port` the
   * server picks a free one itself and says which: a port found free beforehand can be taken by another test's
   * server in between, and a probe of it would then find that server, not this one.
   */
  static async start(binary: string, port?: number, args: string[] = []): Promise<PrivateNats> {
    const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port ?? -1), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const listening = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${binary} did not get ready in 10 s:\n${log}`)), 10_000);
      const exited = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${binary} exited (${code}) before it was ready:\n${log}`));
      };
      child.once('exit', exited);
      child.stderr.on('data', (chunk: Buffer) => {
        if (log.length < 64_000) log += chunk.toString();
        const ready = /Listening for client connections on \S+:(\d+)[\s\S]*Server is ready/.exec(log);
        if (!ready) return;
        clearTimeout(timer);
        child.off('exit', exited);
        resolve(Number(ready[1]));
      });
    }).catch(async (err: unknown) => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      throw err;
    });
    return new PrivateNats(child, `nats://127.0.0.1:${listening}`, binary, listening, args);
  }

  /** The same server again, on the same port (after `stop`: a NATS outage and its end). */
  async restart(): Promise<void> {
    const again = await PrivateNats.start(this.binary, this.port, this.args);
    this.child = again.child;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
