import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { fromQuery } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { NodeVifsService } from './node-vifs.service';
import { checkSubResourceVersion } from './sub-resource-gate';
import { RequestBody } from '../openapi/request-body.decorator';
import { VIF_SCHEMA } from './node-vifs.service';


/** /v1/nodes/{ident}/vifs (1.28). */
@Controller('v1/nodes/:ident/vifs')
export class NodeVifsController {
  constructor(private readonly vifs: NodeVifsService) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.VIFS);
    return this.vifs.list(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(204)
  @RequestBody(VIF_SCHEMA)
  async attach(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Body() body: unknown): Promise<void> {
    checkSubResourceVersion(req, Microversion.VIFS);
    await this.vifs.attach(req, ident, body);
  }

  @Delete(':vif')
  @HttpCode(204)
  async detach(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Param('vif') vif: string): Promise<void> {
    checkSubResourceVersion(req, Microversion.VIFS);
    await this.vifs.detach(req, ident, vif);
  }
}
