import { Inject, Injectable } from '@nestjs/common';
import { type DeployTemplateRecord, type DeployTemplateStep, type Dict } from '@ferrum/contracts';
import { DeployTemplateNotFound, InvalidDeployTemplate, InvalidParameterValue } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toUuid } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { carriedListParams, nameMarker, nextUrl, parsePage } from '../common/collection';
import { listFields, parseFields, selectFields } from '../common/fields';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import type { IronicRequest } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, parsePatch } from '../common/json-patch';
import { Links } from '../common/links';
import { maskDictPassword } from '../common/mask-secrets';
import { Schema, checkArgSchema } from '../common/schema-errors';
import { TRAIT_SCHEMA } from '../nodes/node-traits.service';
import { CONFIG, REPOS } from '../tokens';

/** Ironic's DEPLOY_STEP_SCHEMA: the interfaces deploy steps run on, a priority as an integer or its digits. */
const DEPLOY_STEP_SCHEMA: Schema = {
  type: 'object',
  properties: {
    args: { type: 'object' },
    interface: { type: 'string', enum: ['power', 'management', 'deploy', 'bios', 'raid'] },
    priority: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', minLength: 1, pattern: '^[0-9]+$' }] },
    step: { type: 'string', minLength: 1 },
  },
  required: ['interface', 'step', 'args', 'priority'],
  additionalProperties: false,
};

/** Ironic's TEMPLATE_SCHEMA: named by a trait, at least one step. */
export const TEMPLATE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    description: { type: ['string', 'null'], maxLength: 255 },
    extra: { type: ['object', 'null'] },
    name: TRAIT_SCHEMA,
    steps: { type: 'array', items: DEPLOY_STEP_SCHEMA, minItems: 1 },
    uuid: { type: ['string', 'null'] },
  },
  required: ['steps', 'name'],
  additionalProperties: false,
};
const PATCH_ALLOWED = ['extra', 'name', 'steps', 'description'];
const FIELDS = ['uuid', 'name', 'extra', 'steps', 'created_at', 'updated_at', 'links'];
const DEFAULT_LIST_FIELDS = ['uuid', 'name'];
const SORT = { columns: ['id', 'uuid', 'name', 'created_at', 'updated_at'], refused: ['extra', 'steps'] };

/** TEMPLATE_VALIDATOR: the schema, no step twice, a uuid that is one. */
function validate(body: unknown, name: string): { name: string; extra: Dict; steps: DeployTemplateStep[]; uuid?: string | null } {
  checkArgSchema(name, body === undefined ? {} : body, TEMPLATE_SCHEMA);
  const template = body as { name: string; extra?: Dict | null; steps: (Omit<DeployTemplateStep, 'priority'> & { priority: number | string })[]; uuid?: string | null };
  const counts = new Map<string, number>();
  for (const s of template.steps) counts.set(`interface: ${s.interface}, step: ${s.step}`, (counts.get(`interface: ${s.interface}, step: ${s.step}`) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  if (duplicates.length) {
    throw new InvalidDeployTemplate({
      err: `Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same interface and step. Duplicates: ${duplicates.join('; ')}`,
    });
  }
  toUuid('uuid', template.uuid);
  return {
    name: template.name,
    extra: template.extra ?? {},
    // The database keeps the priority as an integer, as Ironic's does.
    steps: template.steps.map((s) => ({ interface: s.interface, step: s.step, args: s.args, priority: Number(s.priority) })),
    uuid: template.uuid,
  };
}

/**
 * /v1/deploy_templates (1.55), written by the API straight to the database as Ironic's are: no
 * conductor owns a template; conductors read them when a deploy asks for their trait.
 */
@Injectable()
export class DeployTemplateService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  async list(req: IronicRequest, args: Args) {
    rejectUnexpected(args, ['marker', 'limit', 'sort_key', 'sort_dir', 'fields', 'detail']);
    const markerArg = nameMarker(req, args);
    this.authz.check(req, 'baremetal:deploy_template:get');
    const requested = parseFields(req, args, {});
    const { fields, detail } = listFields(req, requested, args.detail, DEFAULT_LIST_FIELDS);
    const page = parsePage(args, this.config.maxLimit, SORT);
    // Ironic checks the marker as a name, then looks it up as a uuid.
    const marker = markerArg !== undefined ? await this.repos.deployTemplates.getByUuid(markerArg) : undefined;
    const items = await this.repos.deployTemplates.list(page, marker);
    const next = nextUrl(this.links, 'deploy_templates', items.length, page.limit, items.at(-1)?.uuid, carriedListParams(page, detail, fields));
    return { deploy_templates: items.map((t) => this.render(t, fields)), ...(next && { next }) };
  }

  async show(req: IronicRequest, ident: string, args: Args) {
    rejectUnexpected(args, ['fields']);
    this.authz.check(req, 'baremetal:deploy_template:get');
    const fields = parseFields(req, args, {});
    return this.render(await this.get(req, ident), fields);
  }

  async create(req: IronicRequest, body: unknown): Promise<DeployTemplateRecord> {
    const template = validate(body, 'template');
    this.authz.check(req, 'baremetal:deploy_template:create');
    const created = await this.repos.deployTemplates.insert({ uuid: template.uuid ?? randomUUID(), name: template.name, extra: template.extra, steps: template.steps });
    // Ironic answers the create with the object as it built it: priorities as they were sent ("10" stays a string).
    const given = (body as { steps: { priority: number | string }[] }).steps;
    return { ...created, steps: created.steps.map((s, i) => ({ ...s, priority: given[i].priority })) } as DeployTemplateRecord;
  }

  async update(req: IronicRequest, ident: string, body: unknown): Promise<DeployTemplateRecord> {
    const patch = parsePatch(body);
    this.authz.check(req, 'baremetal:deploy_template:update');
    checkPatchAllowed(patch, PATCH_ALLOWED);
    const current = await this.get(req, ident);
    const patched = applyPatch({ uuid: current.uuid, name: current.name, extra: current.extra, steps: current.steps }, patch);
    if (patched.uuid !== current.uuid) throw new InvalidParameterValue({ message: 'Cannot overwrite UUID for an existing deploy template.' });
    const validated = validate(patched, 'patch');
    const changes = Object.fromEntries(
      (['name', 'extra', 'steps'] as const).filter((k) => !isDeepStrictEqual(current[k], validated[k])).map((k) => [k, validated[k]]),
    );
    return Object.keys(changes).length ? this.repos.deployTemplates.update(current.uuid, changes) : current;
  }

  async remove(req: IronicRequest, ident: string): Promise<void> {
    this.authz.check(req, 'baremetal:deploy_template:delete');
    await this.repos.deployTemplates.delete((await this.get(req, ident)).uuid);
  }

  render(t: DeployTemplateRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      uuid: t.uuid,
      name: t.name,
      extra: t.extra ?? {},
      created_at: t.created_at,
      updated_at: t.updated_at,
      links: this.links.pair('deploy_templates', t.uuid),
      // Secrets in step arguments are masked, as Ironic's step_sanitize does.
      steps: t.steps.map((s) => ({ interface: s.interface, step: s.step, args: maskDictPassword(s.args ?? {}), priority: s.priority })),
    };
    return selectFields(body, fields, FIELDS);
  }

  /** By uuid, or by name (with `.json` put back when the URL had it): Ironic's get_rpc_deploy_template_with_suffix. */
  private async get(req: IronicRequest, ident: string): Promise<DeployTemplateRecord> {
    if (!isUuidLike(ident) && !isValidLogicalName(ident, req.version)) throw new InvalidParameterValue({ message: `Expected a logical name or UUID but received ${ident}.` });
    const found = (await this.repos.deployTemplates.find(ident)) ?? (req.jsonSuffix ? await this.repos.deployTemplates.find(`${ident}.json`) : undefined);
    if (!found) throw new DeployTemplateNotFound({ template: ident });
    return found;
  }
}
