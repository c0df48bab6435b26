import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { fromQuery, rejectUnexpected } from '../common/args';
import { parseFields } from '../common/fields';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { NodeCreateService } from './node-create.service';
import { NODE_FIELD_VERSIONS } from './node-fields';
import { NodeListService } from './node-list.service';
import { NodeLookup } from './node-lookup';
import { NodePatchService } from './node-patch.service';
import { NodeRemoveService } from './node-remove.service';
import { NodeView } from './node.view';
import { RequestBody } from '../openapi/request-body.decorator';
import { nodeCreateSchema } from './node-body.schema';

/** /v1/nodes: list, show, create, update, delete (§6). */
@Controller('v1/nodes')
export class NodeController {
  constructor(
    private readonly nodes: NodeListService,
    private readonly lookup: NodeLookup,
    private readonly view: NodeView,
    private readonly creator: NodeCreateService,
    private readonly patcher: NodePatchService,
    private readonly remover: NodeRemoveService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    return this.nodes.list(req, fromQuery(query), { path: 'nodes', detailPath: false });
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Query() query: unknown) {
    return this.nodes.list(req, fromQuery(query), { path: 'nodes/detail', detailPath: true });
  }

  @Get(':ident')
  async show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    const args = fromQuery(query);
    rejectUnexpected(args, ['fields']);
    const fields = parseFields(req, args, NODE_FIELD_VERSIONS);
    return this.view.render(await this.lookup.authorized(req, 'baremetal:node:get', ident, true), req, fields);
  }

  @Post()
  @HttpCode(201)
  @RequestBody(nodeCreateSchema)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    rejectUnexpected(fromQuery(query), []);
    const node = await this.creator.create(req, body);
    void reply.header('Location', this.links.url('nodes', node.uuid));
    return this.view.render(node, req);
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    return this.view.render(await this.patcher.patch(req, ident, fromQuery(query), body), req);
  }

  @Delete(':ident')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    rejectUnexpected(fromQuery(query), []);
    await this.remover.remove(req, ident);
  }
}
