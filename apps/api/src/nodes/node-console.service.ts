import { Inject, Injectable } from '@nestjs/common';
import { GetConsoleInformation, SetConsoleMode } from '@ferrum/contracts';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, requireArg, toBoolean } from '../common/args';
import type { IronicRequest } from '../common/ironic-request';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';

/** GET and PUT /v1/nodes/{ident}/states/console (Ironic's NodeConsoleController): both answered by the node's conductor. */
@Injectable()
export class NodeConsoleService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  async console(req: IronicRequest, ident: string, args: Args): Promise<{ console_enabled: boolean; console_info: Record<string, unknown> | null }> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:get_console', ident);
    const info = await this.router.call(node, GetConsoleInformation, { node_uuid: node.uuid }, req.requestId);
    return info ? { console_enabled: true, console_info: info.console_info } : { console_enabled: false, console_info: null };
  }

  /**
   * The body is checked before the node is looked up, as Ironic's argument validation runs first. An explicit
   * null is accepted as Ironic accepts it, and disables (Ironic then stores console_enabled null; Ferrum false).
   */
  async setConsole(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['enabled']);
    const enabled = toBoolean('enabled', requireArg(args, 'enabled')) ?? false;
    const node = await this.lookup.authorized(req, 'baremetal:node:set_console_state', ident);
    await this.router.call(node, SetConsoleMode, { node_uuid: node.uuid, enabled }, req.requestId);
  }
}
