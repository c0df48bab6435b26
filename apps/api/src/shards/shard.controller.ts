import { Controller, Delete, Get, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { FrameworkError } from '../common/framework-error';
import { checkCollectionVersion } from '../common/collection-version';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { REPOS } from '../tokens';


/**
 * /v1/shards (1.82): how many nodes each shard holds, largest first; nodes without a shard count under
 * "None", as Ironic's str(None) names them. Not paged (Ironic: the list is small and changes under a pager).
 */
@Controller('v1/shards')
export class ShardController {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
  ) {}

  @Get()
  async list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    checkCollectionVersion(req, Microversion.SHARDS, 'GET', 'shards');
    this.authz.check(req, 'baremetal:shards:get');
    rejectUnexpected(fromQuery(query), []);
    const counts = await this.repos.nodes.countByShard();
    return { shards: counts.map((c) => ({ name: String(c.shard ?? 'None'), count: c.count })) };
  }

  /** Ironic explicitly serves no single shard (its handler aborts 404). */
  @Get(':shard')
  one(@Ironic() req: IronicRequest, @Param('shard') _shard: string): never {
    checkCollectionVersion(req, Microversion.SHARDS, 'GET', 'shards');
    throw new NotFound({ message: 'The resource could not be found.' });
  }

  /** Writes are not allowed; below 1.82 the refusal says why. */
  @Post()
  @Put()
  @Patch()
  @Delete()
  write(@Ironic() req: IronicRequest): never {
    checkCollectionVersion(req, Microversion.SHARDS, 'write', 'shards');
    throw new FrameworkError(405, '', true);
  }
}
