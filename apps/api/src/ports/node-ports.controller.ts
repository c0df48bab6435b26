import { Body, Controller, Delete, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { apiMaximum } from '@ferrum/contracts';
import { OperationNotPermitted } from '@ferrum/errors';
import type { ApiConfig } from '../api.config';
import { fromQuery, uuidInPath } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { CONFIG } from '../tokens';
import { validatePortBody } from './port-body.schema';
import { portIdent } from './port-ident';
import { PortListService } from './port-list.service';

const forbidden = () => new OperationNotPermitted({ message: 'Operation not permitted.' });

/** /v1/nodes/{ident}/ports[/detail]: a read-only view; writes go through /v1/ports (403 here). */
@Controller('v1/nodes/:ident/ports')
export class NodePortsController {
  private readonly maximum: number;

  constructor(
    @Inject(CONFIG) config: ApiConfig,
    private readonly ports: PortListService,
  ) {
    this.maximum = apiMaximum(config.pinReleaseVersion);
  }

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
    portIdent(port, this.maximum);
    throw forbidden();
  }

  @Post()
  create(@Body() body: unknown): never {
    validatePortBody(body, 'port', this.maximum);
    throw forbidden();
  }

  @Patch(':port')
  update(@Param('port') port: string): never {
    portIdent(port, this.maximum);
    throw forbidden();
  }

  @Delete(':port')
  remove(@Param('port') port: string): never {
    uuidInPath('port_uuid', port);
    throw forbidden();
  }
}
