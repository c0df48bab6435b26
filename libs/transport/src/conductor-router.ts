import { Call, PingConductor, ReplyOf, RequestOf } from '@ferrum/contracts';
import { NoValidHost, TemporaryFailure } from '@ferrum/errors';
import { Placement } from '@ferrum/hash-ring';
import type { Logger } from 'pino';
import type { FerrumClient } from './nest/ferrum.client';
import { NoResponders } from './transport';

/** How often a call that is taking long checks that its conductor is still there. */
const LIVENESS_INTERVAL_MS = 1000;

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

/**
 * Sends node-scoped calls to the conductor that owns the node on the consistent hash ring of
 * live conductors serving the node's driver in its conductor group (Ironic keys rings the same way).
 * A conductor that vanished (NATS: no responders) is skipped at once, before its heartbeat expires.
 */
export class ConductorRouter {
  private placement?: { at: number; value: Promise<Placement> };
  private readonly gone = new Map<string, number>();

  constructor(
    private readonly source: LiveConductorSource,
    private readonly client: FerrumClient,
    private readonly options: RouterOptions,
    private readonly logger?: Logger,
  ) {}

  /** The conductor that owns a node now, or null (the `conductor` field of a node). */
  async conductorFor(node: RoutedNode): Promise<string | null> {
    return (await this.getPlacement()).ownerOf(node);
  }

  /** Does any live conductor serve this driver in this group? Throws NoValidHost (a 400 at the API) if not. */
  async assertServed(driver: string, group: string): Promise<void> {
    const placement = await this.getPlacement();
    if (!placement.serves(driver, group)) throw this.noHost(placement, driver, group);
  }

  async call<C extends Call<unknown, unknown, 'conductor'>>(node: RoutedNode, call: C, request: RequestOf<C>, requestId?: string): Promise<ReplyOf<C>> {
    const tried = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt++) {
      const placement = await this.getPlacement(attempt > 0);
      const host = placement.candidates(node).find((h) => !tried.has(h) && !this.isGone(h));
      if (!host) {
        if (!placement.serves(node.driver, node.conductor_group)) throw this.noHost(placement, node.driver, node.conductor_group);
        break;
      }
      tried.add(host);
      try {
        return await this.watched(host, this.client.call(call, request, { host, requestId, timeoutMs: this.options.rpcTimeoutMs }));
      } catch (error) {
        if (!(error instanceof NoResponders)) throw error;
        this.logger?.warn({ host, call: call.pattern, node: node.uuid }, 'conductor gone, re-routing');
        this.gone.set(host, Date.now());
        this.placement = undefined;
      }
    }
    throw new TemporaryFailure({ message: `No conductor answered for node ${node.uuid}; please retry.` });
  }

  /**
   * A conductor killed while it handles a call never answers: without a watch the caller would wait for
   * the RPC timeout (60 s) and answer 504. NATS drops a dead process's subscriptions as soon as its
   * connection closes, so a call that takes longer than a second pings the conductor every second, and
   * a ping nobody receives ends the call at once with a 503 to retry (a busy conductor still answers pings;
   * a draining one keeps answering them until its calls are done).
   */
  private async watched<T>(host: string, reply: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const gone = new Promise<never>((_, reject) => {
      const ping = () => {
        timer = undefined;
        this.client.call(PingConductor, {}, { host, timeoutMs: LIVENESS_INTERVAL_MS }).then(
          () => !settled && (timer = setTimeout(ping, LIVENESS_INTERVAL_MS)),
          (error: unknown) => {
            if (settled) return;
            if (error instanceof NoResponders) {
              this.gone.set(host, Date.now());
              this.placement = undefined;
              reject(new TemporaryFailure({ message: `Conductor ${host} went away while handling the request; please retry.` }));
            } else timer = setTimeout(ping, LIVENESS_INTERVAL_MS);
          },
        );
      };
      timer = setTimeout(ping, LIVENESS_INTERVAL_MS);
    });
    try {
      return await Promise.race([reply, gone]);
    } finally {
      settled = true;
      if (timer) clearTimeout(timer);
    }
  }

  /** Forget the cached placement, e.g. after a conductor registered. */
  reset(): void {
    this.placement = undefined;
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

  private getPlacement(fresh = false): Promise<Placement> {
    const now = Date.now();
    if (!fresh && this.placement && now - this.placement.at < this.options.ringCacheS * 1000) return this.placement.value;
    const value = this.source.listAlive(this.options.heartbeatTimeoutS).then((alive) => Placement.of(alive));
    this.placement = { at: now, value };
    value.catch(() => (this.placement = undefined));
    return value;
  }

  private noHost(placement: Placement, driver: string, group: string): Error {
    if (placement.hosts.length === 0) return new TemporaryFailure({ message: 'No conductor is alive; please retry later.' });
    return new NoValidHost({
      message: `No valid host was found. Reason: No conductor service registered which supports driver ${driver} for conductor group "${group}".`,
    });
  }
}
