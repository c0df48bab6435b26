import { Injectable } from '@nestjs/common';
import type { VendorCallReply, VendorMethodInfo } from '@ferrum/contracts';
import { DriverVendorPassthru, ListDriverVendorMethods } from '@ferrum/contracts';
import { Args, rejectUnexpected } from '../common/args';
import { Authorizer } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';
import { TtlCache } from '../common/ttl-cache';
import { DriverRpcClient } from '../drivers/driver-rpc.client';
import { PassthruCall, requireMethod } from './passthru-call';
import { VENDOR_METHODS_TTL_MS } from './node-passthru.service';

/** Driver vendor passthru (§8.4): any conductor offering the hardware type answers, with no node and no lock. */
@Injectable()
export class DriverPassthruService {
  private readonly methodsCache = new TtlCache<Record<string, VendorMethodInfo>>(VENDOR_METHODS_TTL_MS);

  constructor(
    private readonly rpc: DriverRpcClient,
    private readonly authz: Authorizer,
  ) {}

  methods(req: IronicRequest, driver: string, args: Args): Promise<Record<string, VendorMethodInfo>> {
    this.authz.check(req, 'baremetal:driver:vendor_passthru');
    rejectUnexpected(args, []);
    return this.methodsCache.get(driver, () => this.rpc.call(driver, ListDriverVendorMethods, {}, req.requestId));
  }

  call(req: IronicRequest, driver: string, call: PassthruCall): Promise<VendorCallReply> {
    const method = requireMethod(call);
    // The agent's lookup (a Ferrum extension here) is the one method anyone may call, as Ironic's ipa_lookup rule says.
    this.authz.check(req, method === 'lookup' ? 'baremetal:driver:ipa_lookup' : 'baremetal:driver:vendor_passthru');
    return this.rpc.call(
      driver,
      DriverVendorPassthru,
      { method, http_method: call.httpMethod, args: call.args, ...(call.job && { job: true }) },
      req.requestId,
    );
  }
}
