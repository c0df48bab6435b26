import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Microversion } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ApiConfig } from '../api.config';
import { Args, fromQuery, rejectUnexpected, toStringArg } from '../common/args';
import { nextUrl, parsePage } from '../common/collection';
import { listFields, parseFields } from '../common/fields';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Authorizer } from '../common/authorizer';
import { Links } from '../common/links';
import { CONFIG, REPOS } from '../tokens';
import { CONDUCTOR_DEFAULT_LIST_FIELDS, ConductorView } from './conductor.view';

const SORT = { columns: ['id', 'hostname', 'conductor_group', 'created_at', 'updated_at'], refused: ['alive', 'drivers'] };

/** The whole endpoint appeared in 1.49: older versions do not know it exists. */
function checkVersion(req: IronicRequest): void {
  if (!allows(req, Microversion.CONDUCTORS)) throw new NotFound({ message: 'Resource could not be found.' });
}

/** /v1/conductors (§12): read from the conductors table; the marker is a hostname. */
@Controller('v1/conductors')
export class ConductorController {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly view: ConductorView,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  @Get()
  async list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    checkVersion(req);
    this.authz.check(req, 'baremetal:conductor:get');
    const args: Args = fromQuery(query);
    rejectUnexpected(args, ['marker', 'limit', 'sort_key', 'sort_dir', 'fields', 'detail']);
    const requested = parseFields(req, args, {});
    const { fields, detail } = listFields(req, requested, args.detail, CONDUCTOR_DEFAULT_LIST_FIELDS, Microversion.CONDUCTORS);
    const page = parsePage(args, this.config.maxLimit, SORT);
    const marker = toStringArg('marker', args.marker);
    const conductors = await this.repos.conductors.list(page, this.config.heartbeatTimeoutS, marker);
    const next = nextUrl(this.links, 'conductors', conductors.length, page.limit, conductors.at(-1)?.hostname, {
      sort_key: page.sortKey,
      sort_dir: page.sortDir,
      ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
      ...(requested && { fields: requested.join(',') }),
    });
    return { conductors: conductors.map((c) => this.view.render(c, fields)), ...(next && { next }) };
  }

  @Get(':hostname')
  async show(@Ironic() req: IronicRequest, @Param('hostname') hostname: string, @Query() query: unknown) {
    checkVersion(req);
    this.authz.check(req, 'baremetal:conductor:get');
    const args = fromQuery(query);
    rejectUnexpected(args, ['fields']);
    const fields = parseFields(req, args, {});
    return this.view.render(await this.repos.conductors.get(hostname, this.config.heartbeatTimeoutS), fields);
  }
}
