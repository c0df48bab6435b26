import { Injectable } from '@nestjs/common';
import { Microversion, GetDriverProperties, GetRaidLogicalDiskProperties } from '@ferrum/contracts';
import { NotFound, UnsupportedDriverExtension } from '@ferrum/errors';
import { rejectUnexpected, Args } from '../common/args';
import { notAcceptable } from '../common/fields';
import { TtlCache } from '../common/ttl-cache';
import { IronicRequest, allows } from '../common/ironic-request';
import { DriverRpcClient } from './driver-rpc.client';

/** How long a driver's properties are reused; Ironic keeps them until the API restarts. */
export const DRIVER_PROPERTIES_TTL_MS = 60_000;

/**
 * GET /v1/drivers/{name}/properties (§11): the merged properties of the hardware type's default
 * interfaces, from any conductor offering it, cached per API process.
 */
@Injectable()
export class DriverPropertiesService {
  private readonly cache = new TtlCache<Record<string, string>>(DRIVER_PROPERTIES_TTL_MS);
  private readonly raidCache = new TtlCache<Record<string, string>>(DRIVER_PROPERTIES_TTL_MS);

  constructor(private readonly rpc: DriverRpcClient) {}

  properties(req: IronicRequest, name: string, args: Args): Promise<Record<string, string>> {
    rejectUnexpected(args, []);
    return this.cache.get(name, () => this.rpc.call(name, GetDriverProperties, {}, req.requestId));
  }

  /**
   * GET /v1/drivers/{name}/raid/logical_disk_properties (API 1.12): what a logical disk of a target RAID
   * configuration may say, from the hardware type's default RAID interface on any conductor offering it.
   * A RAID interface that cannot tell answers 404 (Ironic turns its UnsupportedDriverExtension into one).
   */
  raidLogicalDiskProperties(req: IronicRequest, name: string, args: Args): Promise<Record<string, string>> {
    rejectUnexpected(args, []);
    if (!allows(req, Microversion.RAID)) throw notAcceptable();
    return this.raidCache.get(name, () =>
      this.rpc.call(name, GetRaidLogicalDiskProperties, {}, req.requestId).catch((error: unknown) => {
        throw error instanceof UnsupportedDriverExtension ? new NotFound({ message: error.message }) : error;
      }),
    );
  }
}
