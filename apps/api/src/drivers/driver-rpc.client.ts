import { Inject, Injectable } from '@nestjs/common';
import type { Call, ReplyOf, RequestOf } from '@ferrum/contracts';
import { DriverNotFound, NotFound } from '@ferrum/errors';
import { FerrumClient, NoResponders } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { TtlCache } from '../common/ttl-cache';
import { CONFIG } from '../tokens';
import { DriverCatalog } from './driver-catalog.service';

/**
 * Driver-level calls (§8.4, §11): sent to the hardware type's NATS queue group, so one random
 * conductor offering it answers and never one without it. Ironic picks from a fresh ring of alive
 * conductors; here the database says whether any is alive, and NATS picks.
 */
@Injectable()
export class DriverRpcClient {
  /**
   * The conductors offering each driver, reused for as long as the hash ring is: a driver passthru call
   * costs no database read. A conductor gone since shows as NATS' no-responders, so staleness is safe.
   */
  private readonly hostsOf: TtlCache<string[]>;
  /** A hardware type some live conductor offers, for calls any conductor answers; re-read every few seconds. */
  private readonly anyDriver = new TtlCache<string>(5_000);

  constructor(
    private readonly client: FerrumClient,
    @Inject(CONFIG) private readonly config: ApiConfig,
    private readonly catalog: DriverCatalog,
  ) {
    this.hostsOf = new TtlCache(config.ringCacheS * 1000);
  }

  /**
   * A call any conductor answers alike (the agent's lookup, allocations): sent to the queue group of a
   * hardware type some live conductor offers. `unavailable` is the 404's message when there is none.
   */
  async callAny<C extends Call<unknown, unknown, 'driver'>>(call: C, request: RequestOf<C>, requestId: string, unavailable: string): Promise<ReplyOf<C>> {
    const driver = await this.anyDriver.get('any', async () => {
      const name = (await this.catalog.list())[0]?.name;
      // Thrown, not cached: the next call asks again.
      if (!name) throw new NotFound({ message: unavailable });
      return name;
    });
    return this.call(driver, call, request, requestId);
  }

  /**
   * @throws DriverNotFound (404) when no alive conductor registered the driver, or none answers on its
   *   queue group (all of them died since their last heartbeat), worded as Ironic's hash ring words it.
   * @throws RpcTimeout (504) naming the conductors that could have answered.
   */
  async call<C extends Call<unknown, unknown, 'driver'>>(driver: string, call: C, request: RequestOf<C>, requestId: string): Promise<ReplyOf<C>> {
    const hosts = await this.hostsOf.get(driver, async () => (await this.catalog.get(driver)).hosts).catch((error: unknown) => {
      throw error instanceof DriverNotFound ? unknownDriver(driver) : error;
    });
    try {
      return await this.client.call(call, request, {
        driver,
        requestId,
        // NATS picks the conductor, so a timeout can only name the candidates.
        peer: hosts.length === 1 ? hosts[0] : `(one of ${hosts.join(', ')})`,
      });
    } catch (error) {
      if (error instanceof NoResponders) throw unknownDriver(driver);
      throw error;
    }
  }
}

/** Ironic's get_topic_for_driver: the hash ring has no conductor for the driver. */
function unknownDriver(driver: string): DriverNotFound {
  return new DriverNotFound({ driver }, `The driver '${driver}' is unknown.`);
}
