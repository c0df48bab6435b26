import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { fromQuery } from '../common/args';
import { FrameworkError } from '../common/framework-error';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { NodeVifsService } from './node-vifs.service';

/** Below 1.28 Ironic's router does not know the sub-resource (its _lookup aborts 404). */
function gate(req: IronicRequest): void {
  if (!allows(req, Microversion.VIFS)) throw new FrameworkError(404, '', true);
}

/** /v1/nodes/{ident}/vifs (1.28). */
@Controller('v1/nodes/:ident/vifs')
export class NodeVifsController {
  constructor(private readonly vifs: NodeVifsService) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    gate(req);
    return this.vifs.list(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(204)
  async attach(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Body() body: unknown): Promise<void> {
    gate(req);
    await this.vifs.attach(req, ident, body);
  }

  @Delete(':vif')
  @HttpCode(204)
  async detach(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Param('vif') vif: string): Promise<void> {
    gate(req);
    await this.vifs.detach(req, ident, vif);
  }
}
