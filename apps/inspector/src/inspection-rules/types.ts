/**
 * Shapes of Ironic's inspection rules (API 1.96) and of what the engine reads and returns.
 * Rules are stored exactly as validated: a condition or action may carry extra keys (Ironic's schema
 * allows them and ignores them), so those types stay open.
 */

export type InspectionPhase = 'main';
export type LoopMultiple = 'any' | 'all' | 'first' | 'last';
export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** Positional (deprecated upstream, still accepted) or named arguments. */
export type OpArgs = unknown[] | Record<string, unknown>;
/** A loop runs once per list item, or once with the whole object as `item`. */
export type Loop = unknown[] | Record<string, unknown>;

export interface RuleCondition {
  /** An operator name, optionally prefixed with `!` to invert it (Ironic has no `invert` field). */
  op: string;
  args: OpArgs;
  loop?: Loop;
  multiple?: LoopMultiple;
  [extra: string]: unknown;
}

export interface RuleAction {
  op: string;
  args: OpArgs;
  loop?: Loop;
  [extra: string]: unknown;
}

export interface InspectionRule {
  /** Absent when the caller must still generate one (API create); built-in rules get a synthetic one. */
  uuid?: string;
  description: string | null;
  priority: number;
  sensitive: boolean;
  phase: InspectionPhase;
  conditions: RuleCondition[];
  actions: RuleAction[];
  /** Loaded from the `[inspection_rules]built_in_rules` file: never stored, never editable through the API. */
  built_in?: boolean;
}

export interface RuleTargetNode {
  uuid: string;
  properties: Record<string, unknown>;
  driver_info: Record<string, unknown>;
  extra: Record<string, unknown>;
  instance_info: Record<string, unknown>;
  traits: string[];
  [field: string]: unknown;
}

export interface RuleTargetPort {
  uuid: string;
  address: string;
  [field: string]: unknown;
}

export interface RuleTarget {
  node: RuleTargetNode;
  ports: RuleTargetPort[];
  inventory: Record<string, unknown>;
  plugin_data: Record<string, unknown>;
}

export interface RuleOutcome {
  /** Node fields whose value changed, each as its whole new value (e.g. { properties: {...}, extra: {...} }). Never `uuid`/`id`. */
  node: Record<string, unknown>;
  traits: { add: string[]; remove: string[] };
  /** Ports changed, by address, each with the whole new value of each changed field. */
  ports: { address: string; changes: Record<string, unknown> }[];
  /** The plugin data after the rules (same object shape as input if nothing changed). */
  plugin_data: Record<string, unknown>;
}

/** Ironic's `[inspection_rules]mask_secrets`: which rules see secrets in the inventory and plugin data. */
export type MaskSecrets = 'always' | 'never' | 'sensitive';

export interface RuleDeps {
  log?: (level: LogLevel, msg: string) => void;
  fetch?: typeof fetch;
  /** Defaults to Ironic's default, `always`. */
  maskSecrets?: MaskSecrets;
  /** Waits between api-call retries; tests replace it to avoid real delays. */
  sleep?: (ms: number) => Promise<void>;
}
