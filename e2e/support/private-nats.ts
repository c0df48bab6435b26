import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { reachable } from '@ferrum/testing';

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** The nats-server binary, if this machine has one. */
export function natsServerBinary(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean).map((dir) => join(dir, 'nats-server'));
  return [...CANDIDATES, ...onPath].find((p) => existsSync(p));
}

/**
 * A NATS server of this test file's own, on a free port, killed by PID when done. Driver-level calls go to a
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

  /** `args`: more nats-server arguments, e.g. `['-c', configFile]` for TLS and accounts. */
  static async start(binary: string, port?: number, args: string[] = []): Promise<PrivateNats> {
    port ??= await freePort();
    const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), ...args], { stdio: 'ignore' });
    const url = `nats://127.0.0.1:${port}`;
    const server = new PrivateNats(child, url, binary, port, args);
    const end = Date.now() + 10_000;
    while (!(await reachable(url, 200))) {
      if (child.exitCode !== null || Date.now() > end) {
        await server.stop();
        throw new Error(`${binary} did not listen on ${url}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return server;
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
