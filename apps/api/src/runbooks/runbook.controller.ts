import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MAX_VERSION, Microversion } from '@ferrum/contracts';
import { fromQuery, rejectUnexpected, toUuidOrName } from '../common/args';
import { checkCollectionVersion } from '../common/collection-version';
import { FrameworkError } from '../common/framework-error';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { RunbookService } from './runbook.service';
import { RequestBody } from '../openapi/request-body.decorator';
import { RUNBOOK_SCHEMA } from './runbook-body';

/**
 * Ironic's RunbooksController._route: below 1.92, GET is not found and the other methods not allowed, saying
 * "The API version does not allow runbooks". While Ferrum advertises less than 1.92 it answers as the Ironic of
 * its maximum, which has no such resource: the router's 404, whatever the method.
 */
export function checkRunbooksVersion(req: IronicRequest, method: 'GET' | 'write', maxVersion: number = MAX_VERSION): void {
  if (maxVersion < Microversion.RUNBOOKS) throw new FrameworkError(404, '', true);
  checkCollectionVersion(req, Microversion.RUNBOOKS, method, 'runbooks');
}

/** /v1/runbooks (1.92). */
@Controller('v1/runbooks')
export class RunbookController {
  constructor(
    private readonly runbooks: RunbookService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    checkRunbooksVersion(req, 'GET');
    return this.runbooks.list(req, fromQuery(query));
  }

  @Get(':ident')
  show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkRunbooksVersion(req, 'GET');
    toUuidOrName('runbook_ident', ident);
    return this.runbooks.show(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(201)
  @RequestBody(RUNBOOK_SCHEMA)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    checkRunbooksVersion(req, 'write');
    rejectUnexpected(fromQuery(query), []);
    const runbook = await this.runbooks.create(req, body);
    void reply.header('Location', this.links.url('runbooks', runbook.uuid));
    return this.runbooks.render(runbook);
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    checkRunbooksVersion(req, 'write');
    rejectUnexpected(fromQuery(query), []);
    toUuidOrName('runbook_ident', ident);
    return this.runbooks.render(await this.runbooks.update(req, ident, body));
  }

  @Delete(':ident')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    checkRunbooksVersion(req, 'write');
    rejectUnexpected(fromQuery(query), []);
    toUuidOrName('runbook_ident', ident);
    await this.runbooks.remove(req, ident);
  }
}
