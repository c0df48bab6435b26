import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { NotFound } from '@ferrum/errors';
import type { JobRecord, Repositories } from '@ferrum/persistence';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { isUuidLike } from '../common/idents';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { REPOS } from '../tokens';

/**
 * GET /v1/ferrum/jobs/{uuid} (a Ferrum extension): the durable record of an async vendor passthru
 * call made with `X-Ferrum-Job: true`, whose 202 pointed here. Ironic keeps async results nowhere,
 * so no microversion gates it and plain Ironic clients never see it.
 */
@Controller('v1/ferrum/jobs')
export class JobController {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
  ) {}

  @Get(':uuid')
  async show(@Ironic() req: IronicRequest, @Param('uuid') uuid: string, @Query() query: unknown): Promise<JobRecord> {
    // The results of vendor passthru calls: for those who may make them.
    this.authz.check(req, 'baremetal:node:vendor_passthru');
    rejectUnexpected(fromQuery(query), []);
    // The repository's own check lets 36 dashes through to a uuid column, which PostgreSQL refuses (a 500).
    if (!isUuidLike(uuid)) throw new NotFound({ message: `Job ${uuid} could not be found.` });
    return this.repos.jobs.get(uuid);
  }
}
