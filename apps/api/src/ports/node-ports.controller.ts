import { Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { OperationNotPermitted } from '@ferrum/errors';
import { fromQuery } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { PortListService } from './port-list.service';

const forbidden = () => new OperationNotPermitted({ message: 'Operation not permitted.' });

/** /v1/nodes/{ident}/ports[/detail]: a read-only view; writes go through /v1/ports (403 here). */
@Controller('v1/nodes/:ident/ports')
export class NodePortsController {
  constructor(private readonly ports: PortListService) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.ports.list(req, fromQuery(query), { path: `nodes/${ident}/ports`, detailPath: false, nodeIdent: ident });
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.ports.list(req, fromQuery(query), { path: `nodes/${ident}/ports/detail`, detailPath: true, nodeIdent: ident });
  }

  @Get(':port')
  show(): never {
    throw forbidden();
  }

  @Post()
  create(): never {
    throw forbidden();
  }

  @Patch(':port')
  update(): never {
    throw forbidden();
  }

  @Delete(':port')
  remove(): never {
    throw forbidden();
  }
}
