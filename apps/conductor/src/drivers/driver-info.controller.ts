import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { GetDriverProperties, GetRaidLogicalDiskProperties } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import { FerrumRpcContext, Handles } from '@ferrum/transport';
import { DRIVERS } from '../tokens';

/** What a hardware type accepts in driver_info and RAID configurations (GET /v1/drivers/{name}/properties…). */
@Controller()
export class DriverInfoController {
  constructor(@Inject(DRIVERS) private readonly drivers: DriverRegistry) {}

  @Handles(GetDriverProperties)
  properties(@Payload() _req: unknown, @Ctx() ctx: FerrumRpcContext) {
    return this.drivers.properties(ctx.getHardwareType());
  }

  @Handles(GetRaidLogicalDiskProperties)
  raidLogicalDiskProperties(@Payload() _req: unknown, @Ctx() ctx: FerrumRpcContext) {
    return this.drivers.raidLogicalDiskProperties(ctx.getHardwareType());
  }
}
