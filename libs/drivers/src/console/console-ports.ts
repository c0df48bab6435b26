import { createServer } from 'node:net';
import { TemporaryFailure } from '@ferrum/errors';

/** Whether a TCP listener could be bound on host:port right now (Ironic's _verify_port). */
function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Console ports from the configured range (Ironic's acquire_port / release_port): a port is given once
 * until released, and only if nothing else on the host listens on it. In memory, as in Ironic: a restarted
 * conductor forgets its allocations, and restarting a console releases the node's port before taking one.
 */
export class ConsolePorts {
  private readonly allocated = new Set<number>();
  /** Allocations are checked one at a time, so two consoles starting at once never get the same port. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly range: { start: number; stop: number } | undefined,
    private readonly host: string,
  ) {}

  acquire(hostname: string): Promise<number> {
    const next = this.queue.then(async () => {
      if (this.range) {
        for (let port = this.range.start; port < this.range.stop; port++) {
          if (this.allocated.has(port)) continue;
          if (await bindable(this.host, port)) {
            this.allocated.add(port);
            return port;
          }
        }
      }
      throw new TemporaryFailure({ message: `Unable to allocate a free port on host ${hostname} for IPMI terminal, not enough free ports.` });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  release(port: number): void {
    this.allocated.delete(port);
  }
}
