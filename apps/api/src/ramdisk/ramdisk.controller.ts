import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { fromQuery } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { RamdiskService } from './ramdisk.service';
import { RequestBody } from '../openapi/request-body.decorator';
import { CONTINUE_INSPECTION_SCHEMA } from './ramdisk.service';

/** Ironic §13: the routes an agent calls while the machine boots the ramdisk. */
@Controller('v1')
export class RamdiskController {
  constructor(private readonly ramdisk: RamdiskService) {}

  @Get('lookup')
  lookup(@Ironic() req: IronicRequest, @Query() query: unknown) {
    return this.ramdisk.lookup(req, fromQuery(query));
  }

  /** Ironic's in-band inspection callback (1.84, and 1.1 for ironic-inspector's ramdisks); 202 `{uuid}`. */
  @Post('continue_inspection')
  @HttpCode(202)
  @RequestBody(CONTINUE_INSPECTION_SCHEMA)
  continueInspection(@Ironic() req: IronicRequest, @Body() body: unknown, @Query() query: unknown) {
    return this.ramdisk.continueInspection(req, body, fromQuery(query));
  }

  @Post('heartbeat/:node')
  @HttpCode(202)
  async heartbeat(@Ironic() req: IronicRequest, @Param('node') node: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    await this.ramdisk.heartbeat(req, node, fields);
    reply.removeHeader('content-type');
  }
}
