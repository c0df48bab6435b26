import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Microversion } from '@ferrum/contracts';
import { fromQuery, rejectUnexpected, toUuidOrName } from '../common/args';
import { checkCollectionVersion } from '../common/collection-version';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { DeployTemplateService } from './deploy-template.service';
import { RequestBody } from '../openapi/request-body.decorator';
import { TEMPLATE_SCHEMA } from './deploy-template.service';


/** /v1/deploy_templates (1.55). */
@Controller('v1/deploy_templates')
export class DeployTemplateController {
  constructor(
    private readonly templates: DeployTemplateService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    checkCollectionVersion(req, Microversion.DEPLOY_TEMPLATES, 'GET', 'deploy templates');
    return this.templates.list(req, fromQuery(query));
  }

  @Get(':ident')
  show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkCollectionVersion(req, Microversion.DEPLOY_TEMPLATES, 'GET', 'deploy templates');
    toUuidOrName('template_ident', ident);
    return this.templates.show(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(201)
  @RequestBody(TEMPLATE_SCHEMA)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    checkCollectionVersion(req, Microversion.DEPLOY_TEMPLATES, 'write', 'deploy templates');
    rejectUnexpected(fromQuery(query), []);
    const template = await this.templates.create(req, body);
    void reply.header('Location', this.links.url('deploy_templates', template.uuid));
    return this.templates.render(template);
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    checkCollectionVersion(req, Microversion.DEPLOY_TEMPLATES, 'write', 'deploy templates');
    rejectUnexpected(fromQuery(query), []);
    toUuidOrName('template_ident', ident);
    return this.templates.render(await this.templates.update(req, ident, body));
  }

  @Delete(':ident')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    checkCollectionVersion(req, Microversion.DEPLOY_TEMPLATES, 'write', 'deploy templates');
    rejectUnexpected(fromQuery(query), []);
    toUuidOrName('template_ident', ident);
    await this.templates.remove(req, ident);
  }
}
