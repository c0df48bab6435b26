import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MAX_VERSION, Microversion } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import { fromQuery, rejectUnexpected } from '../common/args';
import { FrameworkError, RecodedError } from '../common/framework-error';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import { InspectionRuleService } from './inspection-rule.service';

/**
 * Ironic's api_version decorator on every method of the controller: below 1.96, GET is not found and the
 * other methods not allowed, saying "The API version does not allow inspection rules". While Ferrum
 * advertises less than 1.96 it answers as the Ironic of its maximum (21.4, API 1.82), which has no such
 * resource: the router's 404, whatever the method.
 */
export function checkInspectionRulesVersion(req: IronicRequest, method: 'GET' | 'write', maxVersion: number = MAX_VERSION): void {
  if (maxVersion < Microversion.INSPECTION_RULES) throw new FrameworkError(404, '', true);
  if (!allows(req, Microversion.INSPECTION_RULES)) {
    throw new RecodedError(new Invalid({ message: 'The API version does not allow inspection rules' }), method === 'GET' ? 404 : 405);
  }
}

/** /v1/inspection_rules (1.96). */
@Controller('v1/inspection_rules')
export class InspectionRuleController {
  constructor(
    private readonly rules: InspectionRuleService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    checkInspectionRulesVersion(req, 'GET');
    return this.rules.list(req, fromQuery(query));
  }

  @Get(':ident')
  show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkInspectionRulesVersion(req, 'GET');
    return this.rules.show(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(201)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    checkInspectionRulesVersion(req, 'write');
    rejectUnexpected(fromQuery(query), []);
    const rule = await this.rules.create(req, body);
    // Ironic's Location is built with link.build_url('inspection_rules', uuid), unlike the rule's links.
    void reply.header('Location', this.links.url('inspection_rules', rule.uuid));
    return this.rules.render(rule);
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    checkInspectionRulesVersion(req, 'write');
    rejectUnexpected(fromQuery(query), []);
    return this.rules.render(await this.rules.update(req, ident, body));
  }

  @Delete(':ident')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    checkInspectionRulesVersion(req, 'write');
    rejectUnexpected(fromQuery(query), []);
    await this.rules.remove(req, ident);
  }
}
