import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DriverVendorPassthru, ListDriverVendorMethods, ListNodeVendorMethods, NodeVendorPassthru, RequestOf } from '@ferrum/contracts';
import { FerrumRpcContext, Handles } from '@ferrum/transport';
import { VendorService } from './vendor.service';

/** Vendor passthru, node-level (the node's conductor) and driver-level (any conductor offering the hardware type). */
@Controller()
export class PassthruController {
  constructor(private readonly vendor: VendorService) {}

  @Handles(NodeVendorPassthru)
  nodeCall(req: RequestOf<typeof NodeVendorPassthru>) {
    return this.vendor.nodeCall(req.node_uuid, req);
  }

  @Handles(ListNodeVendorMethods)
  nodeMethods(req: RequestOf<typeof ListNodeVendorMethods>) {
    return this.vendor.nodeMethods(req.node_uuid);
  }

  @Handles(DriverVendorPassthru)
  driverCall(@Payload() req: RequestOf<typeof DriverVendorPassthru>, @Ctx() ctx: FerrumRpcContext) {
    return this.vendor.driverCall(ctx.getHardwareType(), req);
  }

  @Handles(ListDriverVendorMethods)
  driverMethods(@Payload() _req: unknown, @Ctx() ctx: FerrumRpcContext) {
    return this.vendor.driverMethods(ctx.getHardwareType());
  }
}
