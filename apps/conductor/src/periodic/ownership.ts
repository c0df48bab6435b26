import { HashRing } from '@ferrum/hash-ring';
import type { Repositories } from '@ferrum/persistence';

/**
 * Which nodes this conductor looks after in periodic tasks: those the hash ring of live conductors
 * (per conductor group and driver, as the API routes) gives to it. Rebuilt at each pass, so a dead
 * peer's nodes are picked up by the next pass after its heartbeat expires.
 */
export class Ownership {
  private constructor(
    private readonly hostname: string,
    private readonly rings: Map<string, HashRing>,
  ) {}

  static async compute(repos: Repositories, hostname: string, heartbeatTimeoutS: number): Promise<Ownership> {
    const alive = await repos.conductors.listAlive(heartbeatTimeoutS);
    const hosts = new Map<string, string[]>();
    for (const c of alive) {
      for (const hw of c.hardware_types) hosts.set(`${c.conductor_group}:${hw}`, [...(hosts.get(`${c.conductor_group}:${hw}`) ?? []), c.hostname]);
    }
    return new Ownership(hostname, new Map([...hosts].map(([k, h]) => [k, new HashRing(h)])));
  }

  owns(node: { uuid: string; driver: string; conductor_group: string }): boolean {
    return this.rings.get(`${node.conductor_group}:${node.driver}`)?.getHost(node.uuid) === this.hostname;
  }
}
