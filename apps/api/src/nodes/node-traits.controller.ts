import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { fromQuery } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { NodeTraitsService } from './node-traits.service';
import { RequestBody } from '../openapi/request-body.decorator';
import { TRAITS_BODY_SCHEMA } from './node-traits.service';

/** /v1/nodes/{ident}/traits (1.37). */
@Controller('v1/nodes/:ident/traits')
export class NodeTraitsController {
  constructor(
    private readonly traits: NodeTraitsService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.traits.list(req, ident, fromQuery(query));
  }

  @Put()
  @HttpCode(204)
  @RequestBody(TRAITS_BODY_SCHEMA)
  async replace(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Body() body: unknown): Promise<void> {
    await this.traits.put(req, ident, undefined, body);
  }

  /** 204 with a Location naming the trait, as Ironic sets for a single trait. */
  @Put(':trait')
  @HttpCode(204)
  async add(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Param('trait') trait: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.traits.put(req, ident, trait, body);
    void reply.header('Location', this.links.url('nodes', `${ident}/traits/${trait}`));
  }

  @Delete()
  @HttpCode(204)
  async removeAll(@Ironic() req: IronicRequest, @Param('ident') ident: string): Promise<void> {
    await this.traits.remove(req, ident, undefined);
  }

  @Delete(':trait')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Param('trait') trait: string): Promise<void> {
    await this.traits.remove(req, ident, trait);
  }
}
