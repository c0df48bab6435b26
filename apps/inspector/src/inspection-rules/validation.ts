/**
 * Validation of an inspection rule as Ironic does it on create/update: first its JSON schema
 * (api/schemas/v1/inspection_rule.py, reported as "Schema error: …" with jsonschema's wording), then
 * validation.validate_rule (phase, priority range, each operator's and action's arguments).
 */
import { pyRepr, pyStr } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import { ArgsError, ACTION_NAMES, ACTION_SIGNATURES, checkArgs, OPERATOR_NAMES, OPERATOR_SIGNATURES } from './signatures';
import { parseInvertedOperator } from './engine';
import { cloneJson, isDict, type Dict } from './python-values';
import type { InspectionRule, RuleAction, RuleCondition } from './types';

export const MAX_USER_PRIORITY = 9999;
const PHASES = ['main'];
const MULTIPLE = ['any', 'all', 'first', 'last'];
const CONDITION_OPS = [...OPERATOR_NAMES, ...OPERATOR_NAMES.map((op) => `!${op}`)];
const TOP_LEVEL = ['actions', 'conditions', 'description', 'phase', 'priority', 'sensitive', 'uuid'];

/** jsonschema's type names for a JSON value ('integer' is a number without fraction, never a bool). */
function isType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isDict(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return false;
  }
}

/** One schema violation, with the depth of the offending value: jsonschema's best_match reports the shallowest. */
interface Violation {
  depth: number;
  message: string;
}

class SchemaCheck {
  readonly found: Violation[] = [];

  type(v: unknown, types: string[], depth: number): boolean {
    if (types.some((t) => isType(v, t))) return true;
    this.found.push({ depth, message: `${pyRepr(v)} is not of type ${types.map((t) => `'${t}'`).join(', ')}` });
    return false;
  }

  enum(v: unknown, allowed: readonly string[], depth: number): void {
    if (typeof v === 'string' && allowed.includes(v)) return;
    this.found.push({ depth, message: `${pyRepr(v)} is not one of ${pyRepr(allowed)}` });
  }

  maxLength(v: unknown, max: number, depth: number): void {
    if (typeof v === 'string' && [...v].length > max) this.found.push({ depth, message: `${pyRepr(v)} is too long` });
  }

  required(obj: Dict, names: string[], depth: number): void {
    for (const name of names) if (!Object.hasOwn(obj, name)) this.found.push({ depth, message: `${pyRepr(name)} is a required property` });
  }

  /** The error jsonschema would raise: the shallowest, the first found among equals. */
  best(): string | undefined {
    const [first, ...rest] = this.found;
    return rest.reduce((a, b) => (b.depth < a.depth ? b : a), first)?.message;
  }
}

function checkOperation(check: SchemaCheck, item: unknown, ops: readonly string[], withMultiple: boolean): void {
  if (!check.type(item, ['object'], 2)) return;
  const op = item as Dict;
  check.required(op, ['op', 'args'], 2);
  if (Object.hasOwn(op, 'op')) check.enum(op.op, ops, 3);
  if (Object.hasOwn(op, 'args')) check.type(op.args, ['array', 'object'], 3);
  if (withMultiple && Object.hasOwn(op, 'multiple')) check.enum(op.multiple, MULTIPLE, 3);
  if (Object.hasOwn(op, 'loop')) check.type(op.loop, ['array', 'object'], 3);
}

function schemaError(body: Dict): string | undefined {
  const check = new SchemaCheck();
  if (Object.hasOwn(body, 'actions') && check.type(body.actions, ['array'], 1)) {
    const actions = body.actions as unknown[];
    if (!actions.length) check.found.push({ depth: 1, message: '[] should be non-empty' });
    actions.forEach((a) => checkOperation(check, a, ACTION_NAMES, false));
  }
  if (Object.hasOwn(body, 'conditions') && check.type(body.conditions, ['array'], 1)) {
    (body.conditions as unknown[]).forEach((c) => checkOperation(check, c, CONDITION_OPS, true));
  }
  if (Object.hasOwn(body, 'description') && check.type(body.description, ['string', 'null'], 1)) check.maxLength(body.description, 255, 1);
  if (Object.hasOwn(body, 'phase') && check.type(body.phase, ['string', 'null'], 1)) check.maxLength(body.phase, 16, 1);
  if (Object.hasOwn(body, 'priority') && check.type(body.priority, ['integer'], 1) && (body.priority as number) < 0) {
    check.found.push({ depth: 1, message: `${pyRepr(body.priority)} is less than the minimum of 0` });
  }
  if (Object.hasOwn(body, 'sensitive')) check.type(body.sensitive, ['boolean', 'null'], 1);
  if (Object.hasOwn(body, 'uuid')) check.type(body.uuid, ['string', 'null'], 1);
  check.required(body, ['actions'], 0);
  const extras = Object.keys(body).filter((k) => !TOP_LEVEL.includes(k)).sort();
  if (extras.length) {
    const names = extras.map((k) => pyRepr(k)).join(', ');
    check.found.push({ depth: 0, message: `Additional properties are not allowed (${names} ${extras.length === 1 ? 'was' : 'were'} unexpected)` });
  }
  return check.best();
}

/** oslo's is_uuid_like: hyphens, braces and a urn:uuid: prefix are tolerated. */
export function isUuidLike(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const bare = v.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '');
  return /^[0-9a-f]{32}$/.test(bare);
}

/**
 * Ironic's validate_rule after the schema. As upstream, an argument problem is reported on its own, as
 * soon as it is found (its exception is not the ValueError validate_rule collects), while phase and
 * priority problems are collected and joined.
 */
function ruleErrors(rule: Dict, builtIn: boolean): string[] {
  const errors: string[] = [];
  const phase = Object.hasOwn(rule, 'phase') ? rule.phase : 'main';
  if (typeof phase !== 'string' || !PHASES.includes(phase)) {
    errors.push(`Invalid phase: ${pyStr(phase)}. Valid phases are: ${PHASES.join(', ')}`);
  }
  const priority = (rule.priority ?? 0) as number;
  if (priority < 0 && !builtIn) errors.push('Priority cannot be negative for user-defined rules.');
  if (priority > MAX_USER_PRIORITY && !builtIn) errors.push(`Priority must be between 0 and ${MAX_USER_PRIORITY} for user-defined rules.`);
  const argsProblem = (validate: () => void) => {
    try {
      validate();
    } catch (err) {
      if (err instanceof ArgsError) throw new Invalid({ message: err.message });
      throw err;
    }
  };
  for (const condition of (rule.conditions ?? []) as RuleCondition[]) {
    const { op } = parseInvertedOperator(condition.op);
    argsProblem(() => checkArgs(OPERATOR_SIGNATURES[op as keyof typeof OPERATOR_SIGNATURES], condition.args ?? {}));
  }
  for (const action of rule.actions as RuleAction[]) {
    argsProblem(() => checkArgs(ACTION_SIGNATURES[action.op as keyof typeof ACTION_SIGNATURES], action.args ?? {}));
  }
  return errors;
}

/**
 * Validates a rule body (API create, or an entry of the built-in rules file with `builtIn`) and returns it
 * with Ironic's defaults filled in. Extra keys inside conditions and actions are kept, as upstream stores them.
 * @throws Invalid with Ironic's message.
 */
export function validateInspectionRule(body: unknown, opts: { builtIn?: boolean } = {}): InspectionRule {
  const builtIn = opts.builtIn ?? false;
  // The API reports schema problems as "Schema error: …"; the built-in loader goes through validate_rule's wording.
  const schemaPrefix = builtIn ? 'Validation failed for inspection rule: ' : 'Schema error: ';
  if (!isDict(body)) throw new Invalid({ message: `${schemaPrefix}${pyRepr(body)} is not of type 'object'` });
  const problem = schemaError(body);
  if (problem) throw new Invalid({ message: `${schemaPrefix}${problem}` });
  // Built-in rules are never addressed through the API, so their uuid may be any string (the docs use names).
  if (!builtIn && body.uuid !== undefined && body.uuid !== null && !isUuidLike(body.uuid)) {
    throw new Invalid({ message: `Expected UUID for uuid: ${pyStr(body.uuid)}` });
  }
  const errors = ruleErrors(body, builtIn);
  if (errors.length === 1) throw new Invalid({ message: errors[0] });
  if (errors.length > 1) throw new Invalid({ message: `Multiple validation errors occurred: ${errors.join('; ')}` });
  const copy = cloneJson(body);
  const rule: InspectionRule = {
    description: (copy.description as string | null | undefined) ?? null,
    priority: (copy.priority as number | undefined) ?? 0,
    sensitive: (copy.sensitive as boolean | null | undefined) ?? false,
    phase: 'main',
    conditions: (copy.conditions as RuleCondition[] | undefined) ?? [],
    actions: copy.actions as RuleAction[],
  };
  if (typeof copy.uuid === 'string') rule.uuid = copy.uuid;
  return rule;
}

