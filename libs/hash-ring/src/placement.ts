import { HashRing } from './hash-ring';

/** A live conductor as placement sees it (a row of the conductors table). */
export interface PlacementHost {
  hostname: string;
  conductor_group: string;
  hardware_types: string[];
}

/** What places a node: its uuid on the ring of its conductor group and driver. */
export interface PlacedNode {
  uuid: string;
  driver: string;
  conductor_group: string;
}

/**
 * Which conductor owns which node: one consistent hash ring per (conductor group, hardware type) over
 * the live conductors serving it, as Ironic keys its rings. The one place this is computed, so the
 * API's routing and a conductor's ownership in periodic tasks cannot disagree.
 */
export class Placement {
  private constructor(
    /** Every live conductor, whatever it serves. */
    readonly hosts: readonly string[],
    private readonly rings: ReadonlyMap<string, HashRing>,
  ) {}

  static of(alive: readonly PlacementHost[]): Placement {
    const hosts = new Map<string, string[]>();
    for (const c of alive) {
      for (const driver of c.hardware_types) {
        const key = ringKey(c.conductor_group, driver);
        hosts.set(key, [...(hosts.get(key) ?? []), c.hostname]);
      }
    }
    return new Placement(
      alive.map((c) => c.hostname),
      new Map([...hosts].map(([key, members]) => [key, new HashRing(members)])),
    );
  }

  /** The conductor that owns the node, or null when none serves its driver in its group. */
  ownerOf(node: PlacedNode): string | null {
    return this.ring(node.driver, node.conductor_group)?.getHost(node.uuid) ?? null;
  }

  /** Every conductor that could take the node, owner first: the order to fail over in. */
  candidates(node: PlacedNode): string[] {
    const ring = this.ring(node.driver, node.conductor_group);
    return ring ? ring.getHosts(node.uuid, ring.size) : [];
  }

  /** Does any live conductor serve this driver in this group? */
  serves(driver: string, group: string): boolean {
    return !!this.ring(driver, group)?.size;
  }

  private ring(driver: string, group: string): HashRing | undefined {
    return this.rings.get(ringKey(group, driver));
  }
}

function ringKey(group: string, driver: string): string {
  return `${group}:${driver}`;
}
