import { Controller, Get, Param, Query } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { NodeChildren, NodeChildrenService } from './node-children.service';
import { checkSubResourceVersion } from './sub-resource-gate';

/** GET /v1/nodes/{ident}/children (1.83). It takes no arguments: no `detail`, no paging. */
@Controller('v1/nodes/:ident/children')
export class NodeChildrenController {
  constructor(private readonly children: NodeChildrenService) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<NodeChildren> {
    checkSubResourceVersion(req, Microversion.CHILD_NODES);
    rejectUnexpected(fromQuery(query), []);
    return this.children.list(req, ident);
  }
}
