import { randomUUID } from 'node:crypto';
import type { NodeRecord } from '@ferrum/contracts';
import { Conflict, Invalid, NotFound } from '@ferrum/errors';
import type { IntrospectionRuleRecord, Repositories } from '@ferrum/persistence';
import { parseCapabilities } from '../processing/hooks/property-patch';
import { jsonPath } from './json-path';
import { ActionName, NodeEdits, formatValue, validateAction } from './rule-actions';
import { ConditionOp, checkCondition, validateCondition } from './rule-conditions';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A rule's `fail` action: the introspection ends in error with this message. */
export class RuleFailed extends Invalid {}

/** Introspection rules (§10): validation at creation, evaluation after processing. */
export class RuleService {
  constructor(private readonly repos: Repositories) {}

  /** @throws Invalid (400) for a malformed rule, Conflict (409) for a duplicate uuid */
  async create(body: unknown): Promise<IntrospectionRuleRecord> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Invalid({ message: 'Rule must be a JSON object' });
    const b = body as Record<string, unknown>;
    const known = new Set(['uuid', 'description', 'scope', 'conditions', 'actions', 'links', 'created_at']);
    const extra = Object.keys(b).filter((k) => !known.has(k));
    if (extra.length) throw new Invalid({ message: `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} unexpected)` });
    const uuid = b.uuid === undefined || b.uuid === null ? randomUUID() : b.uuid;
    if (typeof uuid !== 'string' || !UUID_RE.test(uuid)) throw new Invalid({ message: `Invalid UUID value ${JSON.stringify(uuid)}` });
    if (b.description !== undefined && b.description !== null && typeof b.description !== 'string') throw new Invalid({ message: 'description must be a string' });
    if (b.scope !== undefined && b.scope !== null && (typeof b.scope !== 'string' || b.scope.length > 255)) {
      throw new Invalid({ message: 'scope must be a string of at most 255 characters' });
    }
    const conditions = b.conditions ?? [];
    if (!Array.isArray(conditions)) throw new Invalid({ message: 'conditions must be a list' });
    if (!Array.isArray(b.actions) || b.actions.length === 0) throw new Invalid({ message: 'actions must be a list of at least one action' });
    for (const c of conditions) {
      if (!c || typeof c !== 'object') throw new Invalid({ message: 'each condition must be an object' });
      validateCondition(c as Record<string, unknown>);
    }
    for (const a of b.actions as unknown[]) {
      if (!a || typeof a !== 'object') throw new Invalid({ message: 'each action must be an object' });
      validateAction(a as Record<string, unknown>);
    }
    const saved = await this.repos.introspectionRules.create({
      uuid: uuid.toLowerCase(),
      description: (b.description as string | undefined) ?? null,
      scope: (b.scope as string | undefined) ?? null,
      conditions: (conditions as Record<string, unknown>[]).map((c) => ({ multiple: 'any', invert: false, ...c })),
      actions: b.actions as Record<string, unknown>[],
    });
    if (!saved) throw new Conflict({ message: `Rule with UUID ${uuid} already exists` });
    return saved;
  }

  list(): Promise<IntrospectionRuleRecord[]> {
    return this.repos.introspectionRules.list();
  }

  async get(uuid: string): Promise<IntrospectionRuleRecord> {
    const rule = UUID_RE.test(uuid) ? await this.repos.introspectionRules.get(uuid.toLowerCase()) : undefined;
    if (!rule) throw new NotFound({ message: `Rule ${uuid} was not found` });
    return rule;
  }

  async delete(uuid: string): Promise<void> {
    if (!UUID_RE.test(uuid) || !(await this.repos.introspectionRules.delete(uuid.toLowerCase()))) throw new NotFound({ message: `Rule ${uuid} was not found` });
  }

  deleteAll(): Promise<void> {
    return this.repos.introspectionRules.deleteAll();
  }

  /**
   * Runs every rule whose scope and conditions match, in creation order, and returns the node changes
   * their actions make (the caller sends them to the conductor).
   * @throws RuleFailed when a matching rule has a `fail` action
   */
  async apply(node: NodeRecord, data: unknown): Promise<NodeEdits> {
    const edits = new NodeEdits(node);
    const rules = await this.list();
    const scope = node.properties.inspection_scope;
    const matching = rules.filter((r) => (!r.scope || r.scope === scope) && r.conditions.every((c) => this.conditionHolds(c, node, data)));
    for (const rule of matching) {
      for (const action of rule.actions) this.run(action, edits, data);
    }
    return edits;
  }

  private conditionHolds(c: Record<string, unknown>, node: NodeRecord, data: unknown): boolean {
    const field = String(c.field);
    const [root, path] = field.startsWith('node://') ? [node, field.slice(7)] : [data, field.replace(/^data:\/\//, '')];
    const values = jsonPath(root, path);
    const op = c.op as ConditionOp;
    if (values.length === 0) {
      // A missing field makes the rule not apply, except for is-empty (which sees null).
      if (op !== 'is-empty') return false;
      values.push(null);
    }
    const check = (v: unknown) => checkCondition(op, v, c.value) !== Boolean(c.invert);
    switch (c.multiple) {
      case 'all':
        return values.every(check);
      case 'first':
        return check(values[0]);
      default:
        return values.some(check);
    }
  }

  private run(action: Record<string, unknown>, edits: NodeEdits, data: unknown): void {
    const name = action.action as ActionName;
    switch (name) {
      case 'fail':
        throw new RuleFailed({ message: `Failing introspection as requested: ${String(action.message)}` });
      case 'set-attribute':
        edits.add(String(action.path), formatValue(action.value, data));
        return;
      case 'set-capability': {
        const caps = parseCapabilities(edits.get('/properties/capabilities'));
        caps[String(action.name)] = String(formatValue(action.value ?? '', data));
        edits.add(
          '/properties/capabilities',
          Object.entries(caps)
            .map(([k, v]) => `${k}:${v}`)
            .join(','),
        );
        return;
      }
      case 'extend-attribute': {
        const current = edits.get(String(action.path));
        const list = Array.isArray(current) ? [...(current as unknown[])] : [];
        const value = formatValue(action.value, data);
        if (!action.unique || !list.some((v) => JSON.stringify(v) === JSON.stringify(value))) list.push(value);
        edits.add(String(action.path), list);
        return;
      }
      default: {
        const unreachable: never = name;
        throw new Invalid({ message: `Unknown action ${String(unreachable)}` });
      }
    }
  }
}
