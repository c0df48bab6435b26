import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { fromQuery, rejectUnexpected, uuidInPath } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { parseFields } from '../common/fields';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { ChassisService } from './chassis.service';
import { ChassisView } from './chassis.view';

/** /v1/chassis (§10). */
@Controller('v1/chassis')
export class ChassisController {
  constructor(
    private readonly chassis: ChassisService,
    private readonly view: ChassisView,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:chassis:get');
    return this.chassis.list(req, fromQuery(query), false);
  }

  @Get('detail')
  detail(@Ironic() req: IronicRequest, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:chassis:get');
    return this.chassis.list(req, fromQuery(query), true);
  }

  @Get(':uuid')
  async show(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:chassis:get');
    const args = fromQuery(query);
    rejectUnexpected(args, ['fields']);
    const fields = parseFields(req, args, {});
    return this.view.render(await this.chassis.get(uuidInPath('chassis_uuid', uuid)), fields);
  }

  @Post()
  @HttpCode(201)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    this.authz.check(req, 'baremetal:chassis:create');
    rejectUnexpected(fromQuery(query), []);
    const chassis = await this.chassis.create(body);
    void reply.header('Location', this.links.url('chassis', chassis.uuid));
    return this.view.render(chassis);
  }

  @Patch(':uuid')
  async update(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown, @Body() body: unknown) {
    this.authz.check(req, 'baremetal:chassis:update');
    rejectUnexpected(fromQuery(query), []);
    // Ironic's patch does not validate the identifier: a non-UUID is simply a chassis not found.
    return this.view.render(await this.chassis.update(uuid, body));
  }

  @Delete(':uuid')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown): Promise<void> {
    this.authz.check(req, 'baremetal:chassis:delete');
    rejectUnexpected(fromQuery(query), []);
    await this.chassis.remove(uuidInPath('chassis_uuid', uuid));
  }
}
