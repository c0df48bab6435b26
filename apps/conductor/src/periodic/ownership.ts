import { Placement } from '@ferrum/hash-ring';
import type { Repositories } from '@ferrum/persistence';

/**
 * Which nodes this conductor looks after in periodic tasks: those the placement of live conductors
 * (the same computation the API routes by) gives to it. Rebuilt at each pass, so a dead peer's nodes
 * are picked up by the next pass after its heartbeat expires.
 */
export class Ownership {
  private constructor(
    private readonly hostname: string,
    private readonly placement: Placement,
  ) {}

  static async compute(repos: Repositories, hostname: string, heartbeatTimeoutS: number): Promise<Ownership> {
    return new Ownership(hostname, Placement.of(await repos.conductors.listAlive(heartbeatTimeoutS)));
  }

  owns(node: { uuid: string; driver: string; conductor_group: string }): boolean {
    return this.placement.ownerOf(node) === this.hostname;
  }
}
