import { Inject, Injectable } from '@nestjs/common';
import { pyRepr, type RunbookRecord } from '@ferrum/contracts';
import { Invalid, PatchError } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ApiConfig } from '../api.config';
import { Args, rejectUnexpected, toBoolean } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { carriedListParams, nameMarker, nextUrl, parsePage } from '../common/collection';
import { listFields, parseFields, selectFields } from '../common/fields';
import type { IronicRequest } from '../common/ironic-request';
import { applyPatch, checkPatchAllowed, parsePatch, patchValues, type PatchOp } from '../common/json-patch';
import { Links } from '../common/links';
import { maskDictPassword } from '../common/mask-secrets';
import { type Schema, checkArgSchema } from '../common/schema-errors';
import { CONFIG, REPOS } from '../tokens';
import { checkPublicRunbook, checkRunbookPolicy, findRunbook, runbookTarget } from './runbook-access';
import { RUNBOOK_SCHEMA, RUNBOOK_STEP_SCHEMA, validateRunbook } from './runbook-body';

const PATCH_ALLOWED = ['extra', 'name', 'steps', 'description', 'public', 'owner'];
const FIELDS = ['uuid', 'name', 'extra', 'public', 'owner', 'disable_ramdisk', 'steps', 'created_at', 'updated_at', 'links'];
const DEFAULT_LIST_FIELDS = ['uuid', 'name'];
const SORT = { columns: ['id', 'uuid', 'name', 'public', 'owner', 'disable_ramdisk', 'created_at', 'updated_at'], refused: ['extra', 'steps'] };
const CHANGEABLE = ['name', 'steps', 'disable_ramdisk', 'extra', 'public', 'owner'] as const;

/** Python truthiness, which Ironic's owner/public patch rule goes by. */
const truthy = (v: unknown) => !(v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && !v.length));

/** Only the keys a schema names: Ironic's patched_validate_with_schema drops the rest before it validates. */
function pruned(doc: Record<string, unknown>, schema: Schema): Record<string, unknown> {
  const known = schema.properties as Record<string, unknown>;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => k in known));
}

/**
 * /v1/runbooks (1.92), written by the API straight to the database as Ironic's are. A runbook belongs to a
 * project (`owner`) or to everyone (`public`); the `baremetal:runbook:*` rules read its owner.
 */
@Injectable()
export class RunbookService {
  constructor(
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly links: Links,
    private readonly authz: Authorizer,
  ) {}

  async list(req: IronicRequest, args: Args) {
    rejectUnexpected(args, ['marker', 'limit', 'sort_key', 'sort_dir', 'fields', 'detail', 'project']);
    const markerArg = nameMarker(req, args);
    const project = this.listScope(req, toBoolean('project', args.project));
    const requested = parseFields(req, args, {});
    const { fields, detail } = listFields(req, requested, args.detail, DEFAULT_LIST_FIELDS);
    const page = parsePage(args, this.config.maxLimit, SORT);
    // Ironic checks the marker as a name, then looks it up as a uuid.
    const marker = markerArg !== undefined ? await this.repos.runbooks.getByUuid(markerArg) : undefined;
    const items = await this.repos.runbooks.list(page, marker, project);
    const next = nextUrl(this.links, 'runbooks', items.length, page.limit, items.at(-1)?.uuid, carriedListParams(page, detail, fields));
    return { runbooks: items.map((r) => this.render(r, fields)), ...(next && { next }) };
  }

  async show(req: IronicRequest, ident: string, args: Args) {
    rejectUnexpected(args, ['fields']);
    const runbook = await findRunbook(this.repos, ident);
    // Refused by `get`, a caller still sees a public runbook.
    if (!this.authz.allows(req, 'baremetal:runbook:get', runbookTarget(runbook))) checkPublicRunbook(runbook);
    return this.render(runbook, parseFields(req, args, {}));
  }

  async create(req: IronicRequest, body: unknown): Promise<RunbookRecord> {
    const runbook = validateRunbook(body, 'runbook');
    this.authz.check(req, 'baremetal:runbook:create');
    let owner = runbook.owner;
    if (!req.credentials.system) {
      // A project-scoped creator makes its own project's runbooks, never public ones.
      const project = req.credentials.projectId;
      if (owner && owner !== project) throw new Invalid({ message: 'Cannot create a runbook as a project scoped admin with an owner other than your own project.' });
      if (project && runbook.public) throw new Invalid({ message: 'Cannot create a public runbook as a project scoped admin.' });
      owner = project;
    }
    const { uuid, ...values } = runbook;
    const created = await this.repos.runbooks.insert({ ...values, owner, uuid: uuid ?? randomUUID() });
    // Ironic answers the create with the object as it built it: orders as they were sent ("1" stays a string).
    const given = (body as { steps: { order: number | string }[] }).steps;
    return { ...created, steps: created.steps.map((s, i) => ({ ...s, order: given[i].order })) } as RunbookRecord;
  }

  async update(req: IronicRequest, ident: string, body: unknown): Promise<RunbookRecord> {
    const patch = parsePatch(body);
    checkPatchAllowed(patch, PATCH_ALLOWED);
    const current = await findRunbook(this.repos, ident);
    for (const rule of patchRules(patch)) checkRunbookPolicy(this.authz, req, rule, current);
    const owners = patchValues(patch, '/owner');
    const publics = patchValues(patch, '/public');
    // Ironic's NOTE(cid): no owner for a public runbook, but one may be made private and owned in one patch.
    if (owners.length && ((current.public && !publics.length) || truthy(publics[0]))) {
      throw new PatchError({ patch: pyRepr(patch), reason: 'There cannot be an owner for a public runbook' });
    }
    const doc: Record<string, unknown> = {
      uuid: current.uuid,
      name: current.name,
      steps: current.steps,
      disable_ramdisk: current.disable_ramdisk,
      extra: current.extra,
      public: current.public,
      // Touching `public` at all clears the owner first.
      owner: publics.length ? null : current.owner,
      created_at: current.created_at,
      updated_at: current.updated_at,
    };
    const patched = applyPatch(doc, patch);
    const steps = Array.isArray(patched.steps) ? patched.steps : [];
    for (const [i, step] of steps.entries()) {
      if (typeof step !== 'object' || step === null || Array.isArray(step)) continue;
      steps[i] = pruned(step as Record<string, unknown>, RUNBOOK_STEP_SCHEMA);
      checkArgSchema('patch', steps[i], RUNBOOK_STEP_SCHEMA);
    }
    const validated = validateRunbook(pruned(patched, RUNBOOK_SCHEMA), 'patch');
    const changes = Object.fromEntries(CHANGEABLE.filter((k) => !isDeepStrictEqual(current[k], validated[k])).map((k) => [k, validated[k]]));
    return Object.keys(changes).length ? this.repos.runbooks.update(current.uuid, changes) : current;
  }

  async remove(req: IronicRequest, ident: string): Promise<void> {
    const runbook = await findRunbook(this.repos, ident);
    checkRunbookPolicy(this.authz, req, 'baremetal:runbook:delete', runbook);
    await this.repos.runbooks.delete(runbook.uuid);
  }

  render(r: RunbookRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      created_at: r.created_at,
      updated_at: r.updated_at,
      uuid: r.uuid,
      name: r.name,
      extra: r.extra ?? {},
      public: r.public,
      owner: r.owner,
      disable_ramdisk: r.disable_ramdisk,
      links: this.links.pair('runbooks', r.uuid),
      // Secrets in step arguments are masked, as Ironic's step_sanitize does.
      steps: r.steps.map((s) => ({ interface: s.interface, step: s.step, args: maskDictPassword(s.args ?? {}), order: s.order })),
    };
    return selectFields(body, fields, FIELDS);
  }

  /**
   * check_list_policy('runbook', project): `list_all` sees every runbook; others see their project's and the
   * public ones. `project` is an args.boolean in Ironic, so asking for it is asking for an owner no project
   * has: refused without `list_all`, and with it only the public runbooks match.
   */
  private listScope(req: IronicRequest, project: boolean | undefined): string | null | undefined {
    if (this.authz.allows(req, 'baremetal:runbook:list_all')) return project ? null : undefined;
    return this.authz.listScope(req, 'runbook', project ? 'True' : undefined);
  }
}

/** The rules a patch needs: `update:owner`, `update:public` for those paths, `update` for anything else. */
function patchRules(patch: PatchOp[]): string[] {
  const rules: string[] = [];
  let generic = false;
  for (const p of patch) {
    if (p.path.startsWith('/owner')) rules.push('baremetal:runbook:update:owner');
    else if (p.path.startsWith('/public')) rules.push('baremetal:runbook:update:public');
    else generic = true;
  }
  if (generic || !rules.length) rules.push('baremetal:runbook:update');
  return rules;
}
