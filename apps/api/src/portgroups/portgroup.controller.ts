import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Microversion } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import { fromQuery, rejectUnexpected } from '../common/args';
import { FrameworkError } from '../common/framework-error';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import { PortListService } from '../ports/port-list.service';
import { PortgroupService } from './portgroup.service';

/** Below 1.23 the handlers answer Ironic's NotFound; paths below a group are refused while routing. */
function collectionGate(req: IronicRequest): void {
  if (!allows(req, Microversion.PORTGROUPS)) throw new NotFound({ message: 'Resource could not be found.' });
}
function routingGate(req: IronicRequest, since: number = Microversion.PORTGROUPS, ident?: string): void {
  if (!allows(req, since)) throw new FrameworkError(404, '', true);
  if (ident !== undefined && !isUuidLike(ident) && !isValidLogicalName(ident)) throw new FrameworkError(400, `Expected UUID or name for portgroup: ${ident}`, true);
}

/** /v1/portgroups (1.23) and the ports of a group (1.24). */
@Controller('v1/portgroups')
export class PortgroupController {
  constructor(
    private readonly groups: PortgroupService,
    private readonly ports: PortListService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    collectionGate(req);
    return this.groups.list(req, fromQuery(query), false);
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Query() query: unknown) {
    collectionGate(req);
    return this.groups.list(req, fromQuery(query), true);
  }

  @Get(':ident')
  show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    routingGate(req, Microversion.PORTGROUPS, ident);
    return this.groups.show(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(201)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    collectionGate(req);
    rejectUnexpected(fromQuery(query), []);
    const group = await this.groups.create(req, body);
    void reply.header('Location', this.links.url('portgroups', group.uuid));
    return this.groups.show(req, group.uuid, {});
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    routingGate(req, Microversion.PORTGROUPS, ident);
    rejectUnexpected(fromQuery(query), []);
    const group = await this.groups.update(req, ident, body);
    return this.groups.show(req, group.uuid, {});
  }

  @Delete(':ident')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    routingGate(req, Microversion.PORTGROUPS, ident);
    rejectUnexpected(fromQuery(query), []);
    await this.groups.remove(req, ident);
  }

  @Get(':ident/ports')
  groupPorts(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    routingGate(req, Microversion.PORTGROUP_UUID, ident);
    return this.ports.list(req, fromQuery(query), { path: `portgroups/${ident}/ports`, detailPath: false, portgroupIdent: ident });
  }

  @Get(':ident/ports/detail')
  groupPortsDetail(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    routingGate(req, Microversion.PORTGROUP_UUID, ident);
    return this.ports.list(req, fromQuery(query), { path: `portgroups/${ident}/ports/detail`, detailPath: true, portgroupIdent: ident });
  }
}

/** /v1/nodes/{ident}/portgroups (1.24): a read-only view of the node's groups; writes are refused (403) after Ironic's checks. */
@Controller('v1/nodes/:ident/portgroups')
export class NodePortgroupsController {
  constructor(private readonly groups: PortgroupService) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Param('ident') node: string, @Query() query: unknown) {
    routingGate(req, Microversion.PORTGROUP_UUID);
    return this.groups.list(req, fromQuery(query), false, { nodeIdent: node });
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Param('ident') node: string, @Query() query: unknown) {
    routingGate(req, Microversion.PORTGROUP_UUID);
    return this.groups.list(req, fromQuery(query), true, { nodeIdent: node });
  }

  @Get(':portgroup')
  show(@Ironic() req: IronicRequest, @Param('ident') node: string, @Param('portgroup') ident: string, @Query() query: unknown) {
    routingGate(req, Microversion.PORTGROUP_UUID);
    return this.groups.show(req, ident, fromQuery(query), { nodeIdent: node });
  }

  @Post()
  async create(@Ironic() req: IronicRequest, @Param('ident') node: string, @Body() body: unknown): Promise<never> {
    routingGate(req, Microversion.PORTGROUP_UUID);
    await this.groups.create(req, body, { nodeIdent: node });
    throw new Error('unreachable: creating below a node is refused');
  }

  @Patch(':portgroup')
  async update(@Ironic() req: IronicRequest, @Param('ident') node: string, @Param('portgroup') ident: string, @Body() body: unknown): Promise<never> {
    routingGate(req, Microversion.PORTGROUP_UUID);
    await this.groups.update(req, ident, body, { nodeIdent: node });
    throw new Error('unreachable: updating below a node is refused');
  }

  @Delete(':portgroup')
  async remove(@Ironic() req: IronicRequest, @Param('ident') node: string, @Param('portgroup') ident: string): Promise<never> {
    routingGate(req, Microversion.PORTGROUP_UUID);
    await this.groups.remove(req, ident, { nodeIdent: node });
    throw new Error('unreachable: deleting below a node is refused');
  }
}
