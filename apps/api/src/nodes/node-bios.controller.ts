import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { BiosSettingRecord, Microversion, pyRepr } from '@ferrum/contracts';
import { BIOSSettingNotFound, InvalidParameterValue } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { Args, fromQuery, rejectUnexpected, toBoolean, toStringList } from '../common/args';
import { isValidLogicalName } from '../common/idents';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import { REPOS } from '../tokens';
import { NodeLookup } from './node-lookup';
import { checkSubResourceVersion } from './sub-resource-gate';

const DEFAULT_FIELDS = ['name', 'value'] as const;
const REGISTRY_FIELDS = ['name', 'value', 'attribute_type', 'allowable_values', 'lower_bound', 'max_length', 'min_length', 'read_only', 'reset_required', 'unique', 'upper_bound'] as const;


/**
 * /v1/nodes/{ident}/bios (1.40): the BIOS settings the node's BIOS interface last cached, with the
 * registry fields from 1.74 (?detail=true, or one setting).
 */
@Controller('v1/nodes/:ident/bios')
export class NodeBiosController {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly nodes: NodeLookup,
    private readonly links: Links,
  ) {}

  @Get()
  async list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.BIOS_INTERFACE);
    const args: Args = fromQuery(query);
    rejectUnexpected(args, ['detail', 'fields']);
    const detail = toBoolean('detail', args.detail);
    const requested = toStringList('fields', args.fields);
    const node = await this.nodes.authorized(req, 'baremetal:node:bios:get', ident);
    const registry = allows(req, Microversion.BIOS_REGISTRY);
    if (detail !== undefined && !registry) throw new InvalidParameterValue({ message: `Invalid query parameter ?detail=${detail ? 'True' : 'False'} received.` });
    if (requested !== undefined && !registry) throw new InvalidParameterValue({ message: `Invalid query parameter ?fields=${pyRepr(requested)} received.` });
    if (requested !== undefined && detail) throw new InvalidParameterValue({ message: 'Can not specify ?detail=True and fields in the same request.' });
    const fields: readonly string[] = detail ? REGISTRY_FIELDS : (requested ?? DEFAULT_FIELDS);
    const settings = await this.repos.bios.list(node.id);
    return { bios: settings.map((s) => this.render(ident, s, fields)) };
  }

  @Get(':name')
  async one(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Param('name') name: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.BIOS_INTERFACE);
    rejectUnexpected(fromQuery(query), []);
    if (!isValidLogicalName(name, req.version)) throw new InvalidParameterValue({ message: `Expected name for setting_name: ${name}` });
    const node = await this.nodes.authorized(req, 'baremetal:node:bios:get', ident);
    const setting = await this.repos.bios.get(node.id, name);
    if (!setting) throw new BIOSSettingNotFound({ node: node.uuid, name });
    return { [name]: this.render(node.uuid, setting, allows(req, Microversion.BIOS_REGISTRY) ? REGISTRY_FIELDS : DEFAULT_FIELDS) };
  }

  /** Ironic's object_to_dict: the timestamps always, the fields asked for, a link under the node as the client named it. */
  private render(nodeIdent: string, s: BiosSettingRecord, fields: readonly string[]): Record<string, unknown> {
    const body: Record<string, unknown> = { created_at: s.created_at ?? null, updated_at: s.updated_at ?? null };
    // Ironic's object field for allowable_values is a list that defaults to empty, never null.
    for (const field of fields) body[field] = (s as unknown as Record<string, unknown>)[field] ?? (field === 'allowable_values' ? [] : null);
    body.links = this.links.pair('nodes', `${nodeIdent}/bios/${s.name}`);
    return body;
  }
}
