import { Injectable } from '@nestjs/common';
import { rejectUnexpected, Args } from '../common/args';
import { TtlCache } from '../common/ttl-cache';
import type { IronicRequest } from '../common/ironic-request';
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

  constructor(private readonly rpc: DriverRpcClient) {}

  properties(req: IronicRequest, name: string, args: Args): Promise<Record<string, string>> {
    rejectUnexpected(args, []);
    return this.cache.get(name, () => this.rpc.call(name, 'properties.v1', {}, req.requestId));
  }
}
