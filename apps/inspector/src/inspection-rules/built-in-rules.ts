/**
 * Ironic's `[inspection_rules]built_in_rules`: a YAML list of rules loaded from disk, validated as
 * built-in (no priority ceiling, any uuid string), never stored nor editable through the API.
 */
import { readFileSync } from 'node:fs';
import { Invalid } from '@ferrum/errors';
import { parse } from 'yaml';
import { isDict } from './python-values';
import type { InspectionRule } from './types';
import { validateInspectionRule } from './validation';

/** Upstream numbers the rules without a uuid, in file order, from 0. */
export function syntheticRuleUuid(index: number): string {
  return `00000000-0000-0000-0000-${index.toString(16).padStart(12, '0')}`;
}

/**
 * Reads and validates the built-in rules file. Only the rule fields Ironic knows are taken from each
 * entry (others are ignored, as upstream builds each rule from those keys only).
 * @throws Invalid naming the file (and the rule's index) when the content is wrong; the fs error when it cannot be read.
 */
export function loadBuiltInRules(path: string): InspectionRule[] {
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    // PyYAML's safe_load reads YAML 1.1 (yes/no are booleans, and so on).
    data = parse(text, { version: '1.1' });
  } catch (err) {
    throw new Invalid({ message: `Error parsing YAML in built-in rules file ${path}: ${err instanceof Error ? err.message : String(err)}` });
  }
  if (!Array.isArray(data)) throw new Invalid({ message: `Built-in rules file (${path}) should contain a list of rules` });
  let synthetic = 0;
  return data.map((entry: unknown, index) => {
    const where = `Built-in rules file ${path}, rule ${index}`;
    if (!isDict(entry)) throw new Invalid({ message: `${where}: a rule must be a mapping` });
    let uuid = entry.uuid;
    if (uuid === undefined || uuid === null) uuid = syntheticRuleUuid(synthetic++);
    const body = {
      uuid,
      priority: entry.priority ?? 0,
      description: entry.description ?? null,
      sensitive: entry.sensitive ?? false,
      phase: entry.phase ?? 'main',
      actions: entry.actions ?? [],
      conditions: entry.conditions ?? [],
    };
    try {
      return { ...validateInspectionRule(body, { builtIn: true }), built_in: true };
    } catch (err) {
      if (err instanceof Invalid) throw new Invalid({ message: `${where}: ${err.message}` });
      throw err;
    }
  });
}
