import { ConductorMethod, ConductorRpc, conductorSubject } from '@ferrum/contracts';
import { NoValidHost, TemporaryFailure } from '@ferrum/errors';
import { HashRing } from '@ferrum/hash-ring';
import type { Logger } from 'pino';
import { NoResponders, Transport } from './transport';

/** Where live conductors come from (the conductors table); kept as an interface so this lib needs no ORM. */
export interface LiveConductorSource {
  listAlive(timeoutS: number): Promise<{ hostname: string; conductor_group: string; hardware_types: string[] }[]>;
}

export interface RoutedNode {
  uuid: string;
  driver: string;
  conductor_group: string;
}

export interface RouterOptions {
  heartbeatTimeoutS: number;
  /** How long a computed set of rings is reused. */
  ringCacheS: number;
  rpcTimeoutMs: number;
}

type Rings = { all: string[]; byKey: Map<string, HashRing> };

/**
 * Sends node-scoped calls to the conductor that owns the node on the consistent hash ring of
 * live conductors serving the node's driver in its conductor group (Ironic keys rings the same way).
 * A conductor that vanished (NATS: no responders) is skipped at once, before its heartbeat expires.
 */
export class ConductorRouter {
  private rings?: { at: number; value: Promise<Rings> };
  private readonly gone = new Map<string, number>();

  constructor(
    private readonly source: LiveConductorSource,
    private readonly transport: Transport,
    private readonly options: RouterOptions,
    private readonly logger?: Logger,
  ) {}

  /** The conductor that owns a node now, or null (the `conductor` field of a node). */
  async conductorFor(node: RoutedNode): Promise<string | null> {
    const ring = (await this.getRings()).byKey.get(ringKey(node.conductor_group, node.driver));
    return ring?.getHost(node.uuid) ?? null;
  }

  /** Does any live conductor serve this driver in this group? Throws NoValidHost (a 400 at the API) if not. */
  async assertServed(driver: string, group: string): Promise<void> {
    const rings = await this.getRings();
    if (!rings.byKey.get(ringKey(group, driver))?.size) throw this.noHost(rings, driver, group);
  }

  async call<M extends ConductorMethod>(
    node: RoutedNode,
    method: M,
    request: ConductorRpc[M]['request'],
    requestId?: string,
  ): Promise<ConductorRpc[M]['reply']> {
    const tried = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt++) {
      const rings = await this.getRings(attempt > 0);
      const ring = rings.byKey.get(ringKey(node.conductor_group, node.driver));
      const host = ring?.getHosts(node.uuid, ring.size).find((h) => !tried.has(h) && !this.isGone(h));
      if (!host) {
        if (!ring?.size) throw this.noHost(rings, node.driver, node.conductor_group);
        break;
      }
      tried.add(host);
      try {
        return await this.transport.request<ConductorRpc[M]['reply']>(conductorSubject(host, method), request, {
          timeoutMs: this.options.rpcTimeoutMs,
          requestId,
          peer: host,
        });
      } catch (error) {
        if (!(error instanceof NoResponders)) throw error;
        this.logger?.warn({ host, method, node: node.uuid }, 'conductor gone, re-routing');
        this.gone.set(host, Date.now());
        this.rings = undefined;
      }
    }
    throw new TemporaryFailure({ message: `No conductor answered for node ${node.uuid}; please retry.` });
  }

  /** Forget cached rings, e.g. after a conductor registered. */
  reset(): void {
    this.rings = undefined;
  }

  private isGone(host: string): boolean {
    const at = this.gone.get(host);
    if (at === undefined) return false;
    // A host that vanished stays skipped until its heartbeat would have expired anyway.
    if (Date.now() - at > this.options.heartbeatTimeoutS * 1000) {
      this.gone.delete(host);
      return false;
    }
    return true;
  }

  private getRings(fresh = false): Promise<Rings> {
    const now = Date.now();
    if (!fresh && this.rings && now - this.rings.at < this.options.ringCacheS * 1000) return this.rings.value;
    const value = this.source.listAlive(this.options.heartbeatTimeoutS).then((alive) => {
      const hosts = new Map<string, string[]>();
      for (const c of alive) {
        for (const hw of c.hardware_types) {
          const key = ringKey(c.conductor_group, hw);
          hosts.set(key, [...(hosts.get(key) ?? []), c.hostname]);
        }
      }
      return { all: alive.map((c) => c.hostname), byKey: new Map([...hosts].map(([k, h]) => [k, new HashRing(h)])) };
    });
    this.rings = { at: now, value };
    value.catch(() => (this.rings = undefined));
    return value;
  }

  private noHost(rings: Rings, driver: string, group: string): Error {
    if (rings.all.length === 0) return new TemporaryFailure({ message: 'No conductor is alive; please retry later.' });
    return new NoValidHost({
      message: `No valid host was found. Reason: No conductor service registered which supports driver ${driver} for conductor group "${group}".`,
    });
  }
}

function ringKey(group: string, driver: string): string {
  return `${group}:${driver}`;
}
