import type { Dict, Json, NodeRecord } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';

export const ACTION_NAMES = ['fail', 'set-attribute', 'set-capability', 'extend-attribute'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

const PARAMS: Record<ActionName, { required: string[]; optional: string[] }> = {
  fail: { required: ['message'], optional: [] },
  'set-attribute': { required: ['path', 'value'], optional: ['reset_interfaces'] },
  'set-capability': { required: ['name'], optional: ['value'] },
  'extend-attribute': { required: ['path', 'value'], optional: ['unique'] },
};

/** Checks an action's name and parameters at rule creation. @throws Invalid */
export function validateAction(a: Record<string, unknown>): void {
  const name = a.action;
  if (typeof name !== 'string' || !(ACTION_NAMES as readonly string[]).includes(name)) {
    // add-trait/remove-trait need node traits, which Ferrum's API does not have yet.
    throw new Invalid({ message: `Invalid action: ${String(name)}; valid: ${ACTION_NAMES.join(', ')}` });
  }
  const spec = PARAMS[name as ActionName];
  const missing = spec.required.filter((p) => !(p in a));
  if (missing.length) throw new Invalid({ message: `Missing parameters for action ${name}: ${missing.join(', ')}` });
  const extra = Object.keys(a).filter((k) => k !== 'action' && !spec.required.includes(k) && !spec.optional.includes(k));
  if (extra.length) throw new Invalid({ message: `Unexpected parameters for action ${name}: ${extra.join(', ')}` });
  if ('path' in a && (typeof a.path !== 'string' || !a.path.startsWith('/'))) throw new Invalid({ message: `Action ${name}: "path" must start with /` });
}

/** `{data[inventory][bmc_address]}` in string values, formatted against the data (nested values too, API 1.14). */
export function formatValue(value: unknown, data: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{data((?:\[[^\]]+\])+)\}/g, (_m, keys: string) => {
      let cur: unknown = data;
      for (const k of keys.slice(1, -1).split('][')) {
        const key = k.replace(/^['"]|['"]$/g, '');
        if (cur === null || typeof cur !== 'object' || !(key in cur)) throw new Invalid({ message: `Invalid formatting variable key provided: ${key}` });
        cur = (cur as Record<string, unknown>)[key];
      }
      return String(cur);
    });
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(v, data));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, formatValue(v, data)]));
  return value;
}

/** The node fields rule actions change, collected and sent to the conductor as one update. */
export class NodeEdits {
  readonly changes: Partial<Record<keyof NodeRecord, unknown>> = {};

  constructor(private readonly node: NodeRecord) {}

  get empty(): boolean {
    return Object.keys(this.changes).length === 0;
  }

  private current(field: string): unknown {
    return field in this.changes ? this.changes[field as keyof NodeRecord] : (this.node as unknown as Record<string, unknown>)[field];
  }

  /** JSON-patch `add` at `path` (`/properties/profile`, `/extra/a/b`, `/name`). */
  add(path: string, value: unknown): void {
    const [field, ...rest] = path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!field) throw new Invalid({ message: `Invalid path ${path}` });
    if (!rest.length) {
      this.changes[field as keyof NodeRecord] = value;
      return;
    }
    const root = structuredClone((this.current(field) ?? {}) as Dict);
    let cur: Dict = root;
    for (const key of rest.slice(0, -1)) {
      if (!cur[key] || typeof cur[key] !== 'object') cur[key] = {};
      cur = cur[key] as Dict;
    }
    cur[rest[rest.length - 1]] = value as Json;
    this.changes[field as keyof NodeRecord] = root;
  }

  get(path: string): unknown {
    const [field, ...rest] = path.split('/').slice(1);
    let cur = this.current(field);
    for (const key of rest) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    return cur;
  }
}
