import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Microversion, type Dict } from '@ferrum/contracts';
import { NodeInventoryNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { REPOS } from '../tokens';
import { NodeLookup } from './node-lookup';
import { checkSubResourceVersion } from './sub-resource-gate';

/**
 * GET /v1/nodes/{ident}/inventory (1.81): what the last inspection of the node found, as Ironic's
 * database backend keeps it — the ramdisk's `inventory`, and the rest of the processed data as
 * `plugin_data`. The inspector service saves it (FERRUM_INSPECTOR_STORE_DATA=database, the default).
 */
@Controller('v1/nodes/:ident/inventory')
export class NodeInventoryController {
  constructor(
    private readonly nodes: NodeLookup,
    @Inject(REPOS) private readonly repos: Repositories,
  ) {}

  @Get()
  async get(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<{ inventory: unknown; plugin_data: Dict }> {
    checkSubResourceVersion(req, Microversion.NODE_INVENTORY);
    rejectUnexpected(fromQuery(query), []);
    const node = await this.nodes.authorized(req, 'baremetal:node:inventory:get', ident);
    const data = (await this.repos.introspections.getData(node.uuid, true)) as Dict | undefined;
    // Ironic's database layer names the node by its internal id here.
    if (!data || typeof data !== 'object' || !('inventory' in data)) throw new NodeInventoryNotFound({ node: String(node.id) });
    const { inventory, ...pluginData } = data;
    return { inventory, plugin_data: pluginData };
  }
}
