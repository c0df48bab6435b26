/**
 * A sensitive rule may hold credentials in its conditions and actions: the API shows it without them
 * (Ironic's rules_sanitize sets both to None), and the engine keeps its arguments out of its logs.
 */
import type { InspectionRule, RuleAction, RuleCondition } from './types';

export type MaskedInspectionRule = Omit<InspectionRule, 'conditions' | 'actions'> & {
  conditions: RuleCondition[] | null;
  actions: RuleAction[] | null;
};

/** The rule as the API may show it: unchanged unless sensitive, then without conditions and actions. */
export function maskSensitive(rule: InspectionRule): MaskedInspectionRule {
  return rule.sensitive ? { ...rule, conditions: null, actions: null } : rule;
}
