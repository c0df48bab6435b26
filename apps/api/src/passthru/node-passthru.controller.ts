import { Controller, Delete, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromQuery } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { NodePassthruService } from './node-passthru.service';
import { parsePassthruCall } from './passthru-call';
import { sendPassthruReply } from './passthru-reply';

/** Both URL forms (§8.1): `…/vendor_passthru/NAME` and `…/vendor_passthru?method=NAME`. */
const CALL = ['', ':method'];

/** /v1/nodes/{ident}/vendor_passthru (§8): one handler per HTTP verb a vendor method may declare. */
@Controller('v1/nodes/:ident/vendor_passthru')
export class NodePassthruController {
  constructor(
    private readonly passthru: NodePassthruService,
    private readonly links: Links,
  ) {}

  @Get('methods')
  methods(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.passthru.methods(req, ident, fromQuery(query));
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
    const ident = (request.params as { ident: string }).ident;
    const result = await this.passthru.call(request.ironic, ident, parsePassthruCall(request));
    sendPassthruReply(reply, result, this.links);
  }
}
