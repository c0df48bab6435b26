import { Controller, Get, Inject, Query } from '@nestjs/common';
import { InvalidParameterValue } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { isUuidLike } from '../common/idents';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { REPOS } from '../tokens';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

export interface InspectionRunView {
  node_uuid: string;
  node_name: string | null;
  /** The inspector's state of the run: starting, waiting, processing, finished, error, aborting… */
  state: string;
  /** `agent` (Ironic's built-in inspection) or `inspector` (ironic-inspector's dialect). */
  dialect: string;
  manage_boot: boolean;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

/**
 * GET /v1/ferrum/inspections (a Ferrum extension; the dashboard's inspection runs): the inspector's runs, newest
 * first, each node's latest, paged with `limit` and `marker` (a node uuid). A run shows only to a caller who may see
 * its node, so a project's page may hold fewer than `limit` runs; `next` goes on after the last one read.
 */
@Controller('v1/ferrum/inspections')
export class InspectionRunController {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
  ) {}

  @Get()
  async list(@Ironic() req: IronicRequest, @Query() query: unknown): Promise<{ inspections: InspectionRunView[]; next?: string }> {
    const args = fromQuery(query);
    rejectUnexpected(args, ['limit', 'marker']);
    const limit = args.limit === undefined ? DEFAULT_LIMIT : Number(args.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidParameterValue({ message: `limit must be an integer from 1 to ${MAX_LIMIT}, not ${String(args.limit)}` });
    let marker;
    if (args.marker !== undefined) {
      const uuid = typeof args.marker === 'string' ? args.marker : JSON.stringify(args.marker);
      marker = isUuidLike(uuid) ? await this.repos.introspections.get(uuid) : undefined;
      if (!marker) throw new InvalidParameterValue({ message: `marker ${uuid} is not the node uuid of an inspection run` });
    }
    const runs = await this.repos.introspections.list({ limit, marker });
    const shown: InspectionRunView[] = [];
    for (const run of runs) {
      const node = await this.repos.nodes.findByUuid(run.uuid);
      if (!node || !this.authz.allows(req, 'baremetal:node:get', nodeTarget(node))) continue;
      shown.push({
        node_uuid: run.uuid,
        node_name: node.name ?? null,
        state: run.state,
        dialect: run.dialect,
        manage_boot: run.manage_boot,
        started_at: run.started_at?.toISOString() ?? null,
        finished_at: run.finished_at?.toISOString() ?? null,
        error: run.error,
      });
    }
    return { inspections: shown, ...(runs.length === limit ? { next: runs[runs.length - 1].uuid } : {}) };
  }
}
