import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Credentials } from '../credentials';
import { CheckStringError, evaluate, parseCheck, referencedRules, type Check, type Values } from './check-string';
import { DEFAULT_POLICY, type DefaultRule } from './default-policy';

interface Rule {
  check: Check;
  scopes: string[];
}

export class PolicyFileError extends Error {}

/** What oslo.context gives oslo.policy as the caller's credentials (`to_policy_values`). */
export function policyValues(c: Credentials): Values {
  return {
    user_id: c.user,
    roles: c.roles,
    project_id: c.projectId,
    project_name: c.projectName,
    system_scope: c.system ? 'all' : null,
    is_public_api: false,
  };
}

/**
 * Ironic's policy: the default rules, overridden per rule by an operator's policy file (oslo.policy's
 * YAML or JSON: `"baremetal:node:delete": "role:admin and system_scope:all"`), all checked once at load
 * (syntax, references to unknown rules, cycles). Applied under every authentication strategy, with
 * scope enforcement on (a project-scoped token cannot pass a system-only rule, as in Ironic since 24.0).
 */
export class Policy {
  private readonly rules = new Map<string, Rule>();

  constructor(
    overrides: Record<string, string> = {},
    source = 'policy',
    defaults: Record<string, DefaultRule> = DEFAULT_POLICY,
  ) {
    for (const [name, rule] of Object.entries(defaults)) this.rules.set(name, { check: parseCheck(rule.check), scopes: rule.scopes });
    for (const [name, text] of Object.entries(overrides)) {
      if (typeof text !== 'string') throw new PolicyFileError(`${source}: ${name}: the check must be a string`);
      try {
        // An override keeps the default's scopes: the check string is what operators change.
        this.rules.set(name, { check: parseCheck(text), scopes: this.rules.get(name)?.scopes ?? [] });
      } catch (error) {
        if (error instanceof CheckStringError) throw new PolicyFileError(`${source}: ${name}: ${error.message}`);
        throw error;
      }
    }
    this.validate(source);
  }

  /** Loads an operator's policy file (YAML or JSON, as oslo.policy reads policy.yaml). */
  static fromFile(path: string, defaults: Record<string, DefaultRule> = DEFAULT_POLICY): Policy {
    let doc: unknown;
    try {
      doc = parse(readFileSync(path, 'utf8')) ?? {};
    } catch (error) {
      throw new PolicyFileError(`${path}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new PolicyFileError(`${path}: expected a map of rule names to check strings`);
    return new Policy(doc as Record<string, string>, path, defaults);
  }

  private validate(source: string): void {
    for (const [name, rule] of this.rules) {
      for (const ref of referencedRules(rule.check)) {
        if (!this.rules.has(ref)) throw new PolicyFileError(`${source}: ${name} refers to rule:${ref}, which is not defined`);
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]) => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new PolicyFileError(`${source}: rules refer to each other in a circle: ${[...path, name].join(' → ')}`);
      visiting.add(name);
      for (const ref of referencedRules(this.rules.get(name)!.check)) visit(ref, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of this.rules.keys()) visit(name, []);
  }

  has(rule: string): boolean {
    return this.rules.has(rule);
  }

  /**
   * Whether `creds` may do `rule` on `target` (Ironic passes the caller's own values plus the object's,
   * e.g. `node.owner`, `node.lessee`). An unknown rule is denied.
   */
  allows(rule: string, creds: Credentials, target: Values = {}): boolean {
    const found = this.rules.get(rule);
    if (!found) return false;
    const values = policyValues(creds);
    if (found.scopes.length > 0) {
      // As oslo.policy: a token that is not system-scoped counts as project-scoped.
      if (!found.scopes.includes(creds.system ? 'system' : 'project')) return false;
    }
    const full = { ...values, ...target };
    const evalRule = (name: string): boolean => {
      const r = this.rules.get(name);
      return !!r && evaluate(r.check, full, values, evalRule);
    };
    return evaluate(found.check, full, values, evalRule);
  }
}
