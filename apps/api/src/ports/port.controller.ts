import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { apiMaximum } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import type { FastifyReply } from 'fastify';
import type { ApiConfig } from '../api.config';
import { fromQuery, rejectUnexpected, uuidInPath } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { parseFields } from '../common/fields';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { CONFIG, REPOS } from '../tokens';
import { portIdent } from './port-ident';
import { PortListService } from './port-list.service';
import { PortWriteService } from './port-write.service';
import { PORT_FIELD_GATES, PortView } from './port.view';
import { RequestBody } from '../openapi/request-body.decorator';
import { portSchema } from './port-body.schema';

/** /v1/ports (§9). */
@Controller('v1/ports')
export class PortController {
  private readonly maximum: number;

  constructor(
    @Inject(CONFIG) config: ApiConfig,
    private readonly ports: PortListService,
    private readonly writer: PortWriteService,
    private readonly view: PortView,
    private readonly links: Links,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
  ) {
    this.maximum = apiMaximum(config.pinReleaseVersion);
  }

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    return this.ports.list(req, fromQuery(query), { path: 'ports', detailPath: false });
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Query() query: unknown) {
    return this.ports.list(req, fromQuery(query), { path: 'ports/detail', detailPath: true });
  }

  @Get(':ident')
  async show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    const args = fromQuery(query);
    rejectUnexpected(args, ['fields']);
    const port = await this.repos.ports.getByIdent(portIdent(ident, this.maximum));
    this.authz.checkPort(req, 'baremetal:port:get', await this.repos.nodes.findByUuid(port.node_uuid), ident);
    return this.view.render(port, req, parseFields(req, args, PORT_FIELD_GATES));
  }

  @Post()
  @HttpCode(201)
  @RequestBody(portSchema)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    rejectUnexpected(fromQuery(query), []);
    const port = await this.writer.create(req, body);
    void reply.header('Location', this.links.url('ports', port.uuid));
    return this.view.render(port, req);
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    rejectUnexpected(fromQuery(query), []);
    return this.view.render(await this.writer.update(req, portIdent(ident, this.maximum), body), req);
  }

  @Delete(':uuid')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown): Promise<void> {
    rejectUnexpected(fromQuery(query), []);
    await this.writer.remove(req, uuidInPath('port_uuid', uuid));
  }
}
