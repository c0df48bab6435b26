import { ConfigError } from '@ferrum/config';
import type { Repositories, StoredInspectionRule } from '@ferrum/persistence';
import { loadBuiltInRules, type InspectionRule, type RuleAction, type RuleCondition } from '../inspection-rules';
import type { InspectionRuleSource } from './agent-processing';

/** A stored rule as the engine takes it (validated when it was written; the engine keeps its phase filter). */
function engineRule(stored: StoredInspectionRule): InspectionRule {
  return {
    uuid: stored.uuid,
    description: stored.description,
    priority: stored.priority,
    sensitive: stored.sensitive,
    phase: stored.phase as InspectionRule['phase'],
    conditions: stored.conditions as RuleCondition[],
    actions: stored.actions as RuleAction[],
  };
}

/** The built-in rules, or a configuration error naming the option (and the file's problem), as any bad setting. */
function loadOrNameTheOption(path: string): InspectionRule[] {
  try {
    return loadBuiltInRules(path);
  } catch (err) {
    throw new ConfigError([`FERRUM_INSPECTION_BUILT_IN_RULES=${path}: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

/**
 * The `agent` runs' inspection rules, as Ironic's engine.apply_rules gathers them: those stored through
 * `/v1/inspection_rules` (by id, read for every run since they may change), then the built-in file's
 * (FERRUM_INSPECTION_BUILT_IN_RULES). The engine's stable sort by priority keeps that order between equals.
 * The file is read and validated once at start-up, so a bad file stops the inspector with its name
 * instead of failing inspections.
 */
export class InspectionRules implements InspectionRuleSource {
  private readonly builtIn: InspectionRule[];

  constructor(
    private readonly repos: Repositories,
    builtInPath: string | undefined,
  ) {
    this.builtIn = builtInPath ? loadOrNameTheOption(builtInPath) : [];
  }

  async rules(): Promise<InspectionRule[]> {
    const stored = await this.repos.inspectionRules.listAll();
    return [...stored.map(engineRule), ...this.builtIn];
  }
}
