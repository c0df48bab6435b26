import { Body, Controller, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { fromQuery, mergeBody } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { NodeProvisionService } from './node-provision.service';
import { NodeRaidService } from './node-raid.service';
import { NodeConsoleService } from './node-console.service';
import { NodeStatesService } from './node-states.service';

/** /v1/nodes/{ident}/states (§7.1–§7.3). */
@Controller('v1/nodes/:ident/states')
export class NodeStatesController {
  constructor(
    private readonly states: NodeStatesService,
    private readonly provisioner: NodeProvisionService,
    private readonly consoles: NodeConsoleService,
    private readonly links: Links,
    private readonly raid: NodeRaidService,
  ) {}

  @Get()
  get(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.states.states(req, ident, fromQuery(query));
  }

  /** 202 with no body; Location points at the states to poll, with the ident as the client gave it. */
  @Put('power')
  @HttpCode(202)
  async power(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.states.setPower(req, ident, mergeBody(query, body));
    void reply.header('Location', this.links.url('nodes', `${ident}/states`));
  }

  /** Whether the console is enabled and how to reach it (Ironic's NodeConsoleController). */
  @Get('console')
  console(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.consoles.console(req, ident, fromQuery(query));
  }

  /** 202 with no body; Location points at the console state, with the ident as the client gave it. */
  @Put('console')
  @HttpCode(202)
  async setConsole(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.consoles.setConsole(req, ident, mergeBody(query, body));
    void reply.header('Location', this.links.url('nodes', `${ident}/states/console`));
  }

  /** 202 with no body; Location as for power (1.76). */
  @Put('boot_mode')
  @HttpCode(202)
  async bootMode(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.states.setBootMode(req, ident, mergeBody(query, body));
    void reply.header('Location', this.links.url('nodes', `${ident}/states`));
  }

  @Put('secure_boot')
  @HttpCode(202)
  async secureBoot(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.states.setSecureBoot(req, ident, mergeBody(query, body));
    void reply.header('Location', this.links.url('nodes', `${ident}/states`));
  }

  /** 204: the target RAID configuration is stored (1.12); the whole body is the configuration. */
  @Put('raid')
  @HttpCode(204)
  async raidTarget(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown): Promise<void> {
    await this.raid.setTarget(req, ident, fromQuery(query), body);
  }

  /** 202 with no body once the conductor saved the transition; Location as for power. */
  @Put('provision')
  @HttpCode(202)
  async provision(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.provisioner.provision(req, ident, mergeBody(query, body));
    void reply.header('Location', this.links.url('nodes', `${ident}/states`));
  }
}
