import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { FirmwareComponentRecord, Microversion } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { Args, fromQuery, rejectUnexpected, toBoolean, toStringList } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { REPOS } from '../tokens';
import { NodeLookup } from './node-lookup';
import { checkSubResourceVersion } from './sub-resource-gate';

const DEFAULT_FIELDS = ['component', 'initial_version', 'current_version', 'last_version_flashed'] as const;

/**
 * /v1/nodes/{ident}/firmware (1.86): the firmware components the node's firmware interface last cached
 * (when the node was verified, before cleaning, after inspection).
 */
@Controller('v1/nodes/:ident/firmware')
export class NodeFirmwareController {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly nodes: NodeLookup,
  ) {}

  @Get()
  async list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.FIRMWARE_INTERFACE);
    const args: Args = fromQuery(query);
    rejectUnexpected(args, ['detail', 'fields']);
    const detail = toBoolean('detail', args.detail);
    const requested = toStringList('fields', args.fields);
    const node = await this.nodes.authorized(req, 'baremetal:node:firmware:get', ident);
    if (requested !== undefined && detail) throw new InvalidParameterValue({ message: 'Can not specify ?detail=True and fields in the same request.' });
    const unknown = (requested ?? []).filter((f) => !(DEFAULT_FIELDS as readonly string[]).includes(f) && f !== 'created_at' && f !== 'updated_at');
    // Ironic would fail reading an attribute the component lacks; a client gets the usual refusal instead.
    if (unknown.length) throw new InvalidParameterValue({ message: `Field(s) "${unknown.join(', ')}" are not valid` });
    // Ironic's get_request_return_fields gives no field list for ?detail=True, so only the timestamps remain.
    const fields: readonly string[] = requested ?? (detail ? [] : DEFAULT_FIELDS);
    const components = await this.repos.firmware.list(node.id);
    return { firmware: components.map((c) => render(c, fields)) };
  }
}

/** Ironic's object_to_dict without links: the timestamps always, then the fields asked for. */
function render(c: FirmwareComponentRecord, fields: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = { created_at: c.created_at, updated_at: c.updated_at };
  for (const field of fields) body[field] = (c as unknown as Record<string, unknown>)[field] ?? null;
  return body;
}
