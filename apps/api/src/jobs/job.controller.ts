import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { JobRecord, Repositories } from '@ferrum/persistence';
import { fromQuery, rejectUnexpected } from '../common/args';
import { REPOS } from '../tokens';

/**
 * GET /v1/ferrum/jobs/{uuid} (a Ferrum extension): the durable record of an async vendor passthru
 * call made with `X-Ferrum-Job: true`, whose 202 pointed here. Ironic keeps async results nowhere,
 * so no microversion gates it and plain Ironic clients never see it.
 */
@Controller('v1/ferrum/jobs')
export class JobController {
  constructor(@Inject(REPOS) private readonly repos: Repositories) {}

  @Get(':uuid')
  async show(@Param('uuid') uuid: string, @Query() query: unknown): Promise<JobRecord> {
    rejectUnexpected(fromQuery(query), []);
    return this.repos.jobs.get(uuid);
  }
}
