import { Inject, Injectable } from '@nestjs/common';
import {
  CreateInspectionRule,
  DeleteInspectionRule,
  GetInspectionRule,
  ListInspectionRules,
  pyRepr,
  UpdateInspectionRule,
  type Call,
  type Dict,
  type InspectionRuleRecord,
  type ReplyOf,
  type RequestOf,
} from '@ferrum/contracts';
import { InvalidParameterValue, TemporaryFailure } from '@ferrum/errors';
import { FerrumClient, NoResponders } from '@ferrum/transport';
import type { ApiConfig } from '../api.config';
import { Args, toInteger, toStringArg, toUuid } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { nextUrl, parsePage } from '../common/collection';
import { listFields, parseFields, selectFields } from '../common/fields';
import { isUuidLike } from '../common/idents';
import type { IronicRequest } from '../common/ironic-request';
import { parsePatch } from '../common/json-patch';
import { Links } from '../common/links';
import { CONFIG } from '../tokens';

/**
 * Ironic builds this resource's links and `next` URL with `inspection`, not `inspection_rules`
 * (convert_with_links's link_resource, list_convert_with_links's url): kept as Ironic answers them.
 */
export const LINK_RESOURCE = 'inspection';

const FIELDS = ['uuid', 'created_at', 'updated_at', 'description', 'priority', 'sensitive', 'phase', 'conditions', 'actions', 'links'];
/** Ironic's DEFAULT_RETURN_FIELDS. */
const DEFAULT_LIST_FIELDS = ['uuid', 'priority', 'phase', 'description'];
/** The columns Ironic's database can order by (its `scope` is not stored here); conditions and actions are refused by name. */
const SORT = { columns: ['id', 'uuid', 'description', 'priority', 'sensitive', 'phase', 'created_at', 'updated_at'], refused: ['actions', 'conditions'] };
const LIST_QUERY = ['detail', 'fields', 'marker', 'limit', 'phase', 'sort_dir', 'sort_key'];

/** The request query schema's additionalProperties: false, in jsonschema's words. */
function rejectUnknownQuery(args: Args, allowed: readonly string[]): void {
  const extra = Object.keys(args).filter((k) => !allowed.includes(k)).sort();
  if (!extra.length) return;
  const names = extra.map((k) => pyRepr(k)).join(', ');
  throw new InvalidParameterValue({ message: `Schema error: Additional properties are not allowed (${names} ${extra.length === 1 ? 'was' : 'were'} unexpected)` });
}

/** The `{inspection_rule_uuid}` path parameter: `format: uuid` in the parameter schema. */
function checkUuidParam(ident: string): void {
  if (!isUuidLike(ident)) throw new InvalidParameterValue({ message: `Schema error: ${pyRepr(ident)} is not a 'uuid'` });
}

/** Ironic's convert_actions: op and args, the loop only when there is one. */
function convertActions(actions: Dict[] | null): Dict[] | null {
  return actions?.map((a) => ({ op: a.op, args: a.args, ...(isSet(a.loop) && { loop: a.loop }) })) ?? null;
}

/** Ironic's convert_conditions: op and args, the loop and its `multiple` (default any) only when there is one. */
function convertConditions(conditions: Dict[] | null): Dict[] | null {
  return conditions?.map((c) => ({ op: c.op, args: c.args, ...(isSet(c.loop) && { loop: c.loop, multiple: c.multiple ?? 'any' }) })) ?? null;
}

/** Python truthiness of a loop: an empty list or object is no loop. */
function isSet(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/**
 * /v1/inspection_rules (1.96), Ironic's api/controllers/v1/inspection_rule.py: the API checks the request
 * and the policy, the inspector (which owns the rules engine) validates and stores the rules.
 */
@Injectable()
export class InspectionRuleService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    private readonly client: FerrumClient,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  async list(req: IronicRequest, args: Args) {
    toInteger('limit', args.limit);
    rejectUnknownQuery(args, LIST_QUERY);
    // Ironic's list checks the `get` rule (its `list_all` is defined but not checked).
    this.authz.check(req, 'baremetal:inspection_rule:get');
    const requested = parseFields(req, args, {});
    const { fields, detail } = listFields(req, requested, args.detail, DEFAULT_LIST_FIELDS);
    const page = parsePage(args, this.config.maxLimit, SORT);
    const marker = toStringArg('marker', args.marker);
    const phase = toStringArg('phase', args.phase);
    const items = await this.send(req, ListInspectionRules, { limit: page.limit, sort_key: page.sortKey, sort_dir: page.sortDir, ...(marker !== undefined && { marker }) });
    // Ironic passes the (never applied) phase filter, the sort and detail to its next link, in that order.
    const next = nextUrl(this.links, LINK_RESOURCE, items.length, page.limit, items.at(-1)?.uuid, {
      filters: pyRepr(phase ? { phase } : {}),
      sort_key: page.sortKey,
      sort_dir: page.sortDir,
      ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
      ...(fields && { fields: fields.join(',') }),
    });
    return { inspection_rules: items.map((r) => this.render(r, fields)), ...(next && { next }) };
  }

  async show(req: IronicRequest, ident: string, args: Args) {
    checkUuidParam(ident);
    rejectUnknownQuery(args, ['fields']);
    this.authz.check(req, 'baremetal:inspection_rule:get');
    const fields = parseFields(req, args, {});
    return this.render(await this.send(req, GetInspectionRule, { uuid: ident }), fields);
  }

  async create(req: IronicRequest, body: unknown): Promise<InspectionRuleRecord> {
    // Ironic checks the body's schema before the policy; here the policy comes before all but the first of
    // the schema's checks, which are the inspector's (its validation knows the operators and actions).
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidParameterValue({ message: `Schema error: ${pyRepr(body ?? null)} is not of type 'object'` });
    }
    this.authz.check(req, 'baremetal:inspection_rule:create');
    return this.send(req, CreateInspectionRule, { rule: body as Record<string, unknown> });
  }

  async update(req: IronicRequest, ident: string, body: unknown): Promise<InspectionRuleRecord> {
    toUuid('inspection_rule_uuid', ident);
    const patch = parsePatch(body);
    this.authz.check(req, 'baremetal:inspection_rule:update');
    return this.send(req, UpdateInspectionRule, { uuid: ident, patch });
  }

  async remove(req: IronicRequest, ident: string): Promise<void> {
    checkUuidParam(ident);
    this.authz.check(req, 'baremetal:inspection_rule:delete');
    await this.send(req, DeleteInspectionRule, { uuid: ident });
  }

  /** Ironic's convert_with_links (the inspector already masked a sensitive rule), then the requested fields. */
  render(r: InspectionRuleRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      uuid: r.uuid,
      created_at: r.created_at,
      updated_at: r.updated_at,
      description: r.description,
      priority: r.priority,
      sensitive: r.sensitive,
      phase: r.phase,
      conditions: r.sensitive ? null : convertConditions(r.conditions),
      actions: r.sensitive ? null : convertActions(r.actions),
      links: this.links.pair(LINK_RESOURCE, r.uuid),
    };
    return selectFields(body, fields, FIELDS);
  }

  /** A call to any inspector; none running is a 503 saying so. */
  private async send<C extends Call<unknown, unknown, 'inspector'>>(req: IronicRequest, call: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
    try {
      return await this.client.call(call, request, { peer: 'inspector', requestId: req.requestId });
    } catch (err) {
      if (err instanceof NoResponders) throw new TemporaryFailure({ message: 'No inspector is running to manage inspection rules; start one (--role inspector) and retry.' });
      throw err;
    }
  }
}
