import { Delete, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { VendorCallReply, VendorMethodInfo } from '@ferrum/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Args, fromQuery } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { PassthruCall, parsePassthruCall } from './passthru-call';
import { sendPassthruReply } from './passthru-reply';
import { CALL } from './passthru-routes';

/** What node and driver passthru each provide for their target (a node ident or a driver name). */
export interface PassthruTarget {
  methods(req: IronicRequest, target: string, args: Args): Promise<Record<string, VendorMethodInfo>>;
  call(req: IronicRequest, target: string, call: PassthruCall): Promise<VendorCallReply>;
}

/**
 * The routes node and driver vendor passthru share: the method listing, and a call in every HTTP verb a
 * vendor method may declare, in both URL forms. A subclass names the resource (`@Controller`) and the path
 * parameter that holds its target.
 */
export abstract class PassthruController {
  protected constructor(
    private readonly passthru: PassthruTarget,
    private readonly links: Links,
    private readonly targetParam: string,
  ) {}

  @Get('methods')
  methods(@Ironic() req: IronicRequest, @Param() params: Record<string, string>, @Query() query: unknown) {
    return this.passthru.methods(req, params[this.targetParam], fromQuery(query));
  }

  @Get(CALL)
  get(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.call(request, reply);
  }

  @Post(CALL)
  post(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.call(request, reply);
  }

  @Put(CALL)
  put(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.call(request, reply);
  }

  @Patch(CALL)
  patch(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.call(request, reply);
  }

  @Delete(CALL)
  delete(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.call(request, reply);
  }

  private async call(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const target = (request.params as Record<string, string>)[this.targetParam];
    const result = await this.passthru.call(request.ironic, target, parsePassthruCall(request));
    sendPassthruReply(reply, result, this.links);
  }
}
