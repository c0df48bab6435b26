/** Ironic's inspection rules (API 1.96 format): validation, the built-in rules file, and the engine. */
export type {
  InspectionPhase,
  InspectionRule,
  LogLevel,
  Loop,
  LoopMultiple,
  MaskSecrets,
  OpArgs,
  RuleAction,
  RuleCondition,
  RuleDeps,
  RuleOutcome,
  RuleTarget,
  RuleTargetNode,
  RuleTargetPort,
} from './types';
export { RuleFailed, type RuleFailureKind } from './errors';
export { validateInspectionRule, isUuidLike, MAX_USER_PRIORITY } from './validation';
export { loadBuiltInRules, syntheticRuleUuid } from './built-in-rules';
export { applyInspectionRules, sortRules } from './engine';
export { maskSensitive, type MaskedInspectionRule } from './sensitive';
export { OPERATOR_NAMES, ACTION_NAMES, type OperatorName, type ActionName } from './signatures';
export { SENSITIVE_FIELDS } from './interpolation';
