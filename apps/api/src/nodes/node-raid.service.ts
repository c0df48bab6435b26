import { Inject, Injectable } from '@nestjs/common';
import { Microversion, SetTargetRaidConfig, pyStr, type Dict } from '@ferrum/contracts';
import { InvalidParameterValue, NotFound, UnsupportedDriverExtension } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected } from '../common/args';
import { notAcceptable } from '../common/fields';
import { IronicRequest, allows } from '../common/ironic-request';
import { ROUTER } from '../tokens';
import { NodeLookup, checkNodeIdent } from './node-lookup';

/** PUT /v1/nodes/{ident}/states/raid (1.12): the node's target RAID configuration, checked and stored by its conductor. */
@Injectable()
export class NodeRaidService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  /**
   * In Ironic's order: the handler's argument checks (query arguments it does not take — body keys excepted,
   * the body a dict: no body is an empty one), then the node and policy, then the version (406), then the
   * conductor, whose RAID interface may refuse the target (400) or have no RAID at all (404).
   */
  async setTarget(req: IronicRequest, ident: string, query: Args, body: unknown): Promise<void> {
    // No body at all is an empty configuration; a JSON null is a value of the wrong type.
    const target = body === undefined || body === '' ? {} : body;
    const bodyKeys = isDict(target) ? Object.keys(target) : [];
    rejectUnexpected(Object.fromEntries(Object.entries(query).filter(([k]) => !bodyKeys.includes(k))), []);
    checkNodeIdent(ident);
    if (!isDict(target)) throw new InvalidParameterValue({ message: `Expected types <class 'dict'> for target_raid_config: ${pyStr(target)}` });
    const node = await this.lookup.authorized(req, 'baremetal:node:set_raid_state', ident);
    if (!allows(req, Microversion.RAID)) throw notAcceptable();
    try {
      await this.router.call(node, SetTargetRaidConfig, { node_uuid: node.uuid, target_raid_config: target }, req.requestId);
    } catch (error) {
      // RAID is a standard interface some nodes lack: Ironic answers that as a missing resource.
      throw error instanceof UnsupportedDriverExtension ? new NotFound({ message: error.message }) : error;
    }
  }
}

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
