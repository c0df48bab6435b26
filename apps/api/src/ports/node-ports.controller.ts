import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { OperationNotPermitted } from '@ferrum/errors';
import { fromQuery, uuidInPath } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { validatePortBody } from './port-body.schema';
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

  // Ironic checks the arguments (port identifier, create body) before it refuses the operation.
  @Get(':port')
  show(@Param('port') port: string): never {
    uuidInPath('port_uuid', port);
    throw forbidden();
  }

  @Post()
  create(@Body() body: unknown): never {
    validatePortBody(body, 'port');
    throw forbidden();
  }

  @Patch(':port')
  update(): never {
    throw forbidden();
  }

  @Delete(':port')
  remove(@Param('port') port: string): never {
    uuidInPath('port_uuid', port);
    throw forbidden();
  }
}
