import { loadBuiltInRules, type InspectionRule } from '../inspection-rules';
import type { InspectionRuleSource } from './agent-processing';

/**
 * The `agent` runs' inspection rules: the built-in file's (FERRUM_INSPECTION_BUILT_IN_RULES), read and
 * validated once at start-up so a bad file stops the inspector with its name instead of failing inspections.
 */
export class BuiltInRuleSource implements InspectionRuleSource {
  private readonly builtIn: InspectionRule[];

  constructor(path: string | undefined) {
    this.builtIn = path ? loadBuiltInRules(path) : [];
  }

  async rules(): Promise<InspectionRule[]> {
    return this.builtIn;
  }
}
