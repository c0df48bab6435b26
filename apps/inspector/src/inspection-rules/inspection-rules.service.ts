import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { pyRepr, pyStr, type Dict, type InspectionRuleRecord, type RequestOf, type UpdateInspectionRule } from '@ferrum/contracts';
import { Invalid, InspectionRuleNotFound, PatchError } from '@ferrum/errors';
import type { Repositories, StoredInspectionRule } from '@ferrum/persistence';
import { applyOperation, deepClone, JsonPatchError } from 'fast-json-patch';
import type { InspectionRule } from './types';
import { maskSensitive } from './sensitive';
import { validateInspectionRule } from './validation';

type PatchOp = RequestOf<typeof UpdateInspectionRule>['patch'][number];

/** The fields of Ironic's create schema: what survives patched_validate_with_schema, and what PATCH may change. */
const SCHEMA_FIELDS = ['actions', 'conditions', 'description', 'phase', 'priority', 'sensitive', 'uuid'] as const;

/** The rule as the API may show it: a sensitive rule without its conditions and actions. */
function reply(stored: StoredInspectionRule): InspectionRuleRecord {
  return maskSensitive(stored as unknown as InspectionRule) as unknown as InspectionRuleRecord;
}

/** A uuid oslo's is_uuid_like accepts (braces, urn:uuid:, no hyphens), written as the database keeps it. */
function canonicalUuid(value: string): string {
  const hex = value.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Why an operation failed, in the words of Python's jsonpatch, which Ironic quotes. */
function patchFailure(op: PatchOp, error: unknown): string {
  const key = op.path.split('/').pop();
  if (error instanceof JsonPatchError && error.name === 'OPERATION_PATH_UNRESOLVABLE') {
    return op.op === 'add' ? `member '${key}' not found` : `can't ${op.op} a non-existent object '${key}'`;
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Ironic's apply_jsonpatch: no new attribute at the root, then one operation at a time so the error names it. */
function applyJsonPatch(doc: Dict, patch: PatchOp[]): Dict {
  for (const p of patch) {
    if (p.op === 'add' && p.path.split('/').length === 2 && !(p.path.slice(1) in doc)) {
      throw new Invalid({ message: `Adding a new attribute (${p.path}) to the root of the resource is not allowed` });
    }
  }
  let current = deepClone(doc) as Dict;
  for (const p of patch) {
    try {
      const operation = p.op === 'remove' ? { op: p.op, path: p.path } : { op: p.op, path: p.path, value: p.value };
      current = applyOperation(current, operation as never, true, true).newDocument;
    } catch (error) {
      throw new PatchError({ patch: pyRepr(p), reason: patchFailure(p, error) });
    }
  }
  return current;
}

/** The patch path's schema error is args.schema's ("Schema error for patch: …"), not the create body's. */
function validatePatched(rule: Dict): InspectionRule {
  try {
    return validateInspectionRule(rule);
  } catch (err) {
    if (err instanceof Invalid && err.message.startsWith('Schema error: ')) {
      throw new Invalid({ message: `Schema error for patch: ${err.message.slice('Schema error: '.length)}` });
    }
    throw err;
  }
}

/**
 * Ironic's inspection rules controller (api/controllers/v1/inspection_rule.py) behind the API: user rules
 * are validated by the engine's validation (never as built-in: priority 0–9999, uuids that are UUIDs),
 * stored, and answered masked when sensitive.
 */
export class InspectionRulesService {
  constructor(private readonly repos: Repositories) {}

  /** @throws Invalid (the schema or validate_rule), InspectionRuleAlreadyExists */
  async create(body: Record<string, unknown>): Promise<InspectionRuleRecord> {
    const rule = validateInspectionRule(body);
    const stored = await this.repos.inspectionRules.create({
      // Ironic generates one for a missing, null or empty uuid.
      uuid: rule.uuid ? canonicalUuid(rule.uuid) : randomUUID(),
      description: rule.description,
      priority: rule.priority,
      sensitive: rule.sensitive,
      phase: rule.phase,
      conditions: rule.conditions as Dict[],
      actions: rule.actions as Dict[],
    });
    return reply(stored);
  }

  async get(uuid: string): Promise<InspectionRuleRecord> {
    return reply(await this.repos.inspectionRules.getByUuid(uuid));
  }

  async list(page: { limit: number; sort_key: string; sort_dir: 'asc' | 'desc'; marker?: string }): Promise<InspectionRuleRecord[]> {
    const rules = await this.repos.inspectionRules.list({ limit: page.limit, sortKey: page.sort_key, sortDir: page.sort_dir }, page.marker);
    return rules.map(reply);
  }

  /**
   * Ironic's PATCH: the sensitive flag cannot be unset; the patch applies to the rule as its object's
   * as_dict() shows it; what is left of the create schema's fields is validated as a new rule would be;
   * the fields that changed are saved.
   */
  async update(uuid: string, patch: PatchOp[]): Promise<InspectionRuleRecord> {
    const current = await this.repos.inspectionRules.getByUuid(uuid);
    const sensitive = patch.find((p) => p.path === '/sensitive' && p.op !== 'remove');
    const unset = sensitive ? sensitive.value !== null && sensitive.value !== undefined && !sensitive.value : false;
    // Removing the flag unsets it too (Ironic would try to save None there, and fail).
    if (current.sensitive && (unset || patch.some((p) => p.path === '/sensitive' && p.op === 'remove'))) {
      throw new PatchError({ patch: pyRepr(patch), reason: 'Inspection rules cannot have the sensitive flag unset.' });
    }
    // as_dict(): every field of the object, including those the schema then drops.
    const doc: Dict = { id: null, scope: null, ...(current as unknown as Dict) };
    const patched = applyJsonPatch(doc, patch);
    const kept: Dict = {};
    for (const field of SCHEMA_FIELDS) if (Object.hasOwn(patched, field)) kept[field] = patched[field];
    const rule = validatePatched(kept);
    // Ironic saves by the (patched) object's uuid: a patched uuid names a rule that is not there.
    if (kept.uuid !== current.uuid) throw new InspectionRuleNotFound({ rule: pyStr(kept.uuid ?? null) });
    // patch_update_changed_fields; a field the patch removed takes the default a new rule gets (Ironic
    // would write None, which its object refuses for all but the description and conditions).
    const validated: Dict = { description: rule.description, priority: rule.priority, sensitive: rule.sensitive, phase: rule.phase, conditions: rule.conditions as Dict[], actions: rule.actions as Dict[] };
    const changes: Dict = {};
    for (const [field, value] of Object.entries(validated)) {
      if (!isDeepStrictEqual(value, (current as unknown as Dict)[field])) changes[field] = value;
    }
    if (!Object.keys(changes).length) return reply(current);
    return reply(await this.repos.inspectionRules.update(current.uuid, changes));
  }

  async delete(uuid: string): Promise<null> {
    await this.repos.inspectionRules.delete(uuid);
    return null;
  }
}
