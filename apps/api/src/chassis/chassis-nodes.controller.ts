import { Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { OperationNotPermitted } from '@ferrum/errors';
import { fromQuery, uuidInPath } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { NodeListService } from '../nodes/node-list.service';

const forbidden = () => new OperationNotPermitted({ message: 'Operation not permitted.' });

/** /v1/chassis/{uuid}/nodes[/detail]: the nodes of one chassis, read-only (writes are 403). */
@Controller('v1/chassis/:uuid/nodes')
export class ChassisNodesController {
  constructor(private readonly nodes: NodeListService) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown) {
    const chassisUuid = uuidInPath('chassis_uuid', uuid);
    return this.nodes.list(req, fromQuery(query), { path: `chassis/${chassisUuid}/nodes`, detailPath: false, chassisUuid });
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown) {
    const chassisUuid = uuidInPath('chassis_uuid', uuid);
    return this.nodes.list(req, fromQuery(query), { path: `chassis/${chassisUuid}/nodes/detail`, detailPath: true, chassisUuid });
  }

  @Get(':ident')
  show(): never {
    throw forbidden();
  }

  @Post()
  create(): never {
    throw forbidden();
  }

  @Patch(':ident')
  update(): never {
    throw forbidden();
  }

  @Delete(':ident')
  remove(): never {
    throw forbidden();
  }
}
