import type { Dict, Json } from '@ferrum/contracts';

/**
 * Node properties as the hooks change them. With `overwrite` off (Ferrum's default) a property the node
 * already has is never replaced; falsy values are never written (ironic-inspector's rule).
 */
export class PropertyPatch {
  readonly properties: Dict;
  private changed = false;

  constructor(
    existing: Dict,
    private readonly overwrite: boolean,
  ) {
    this.properties = { ...existing };
  }

  get hasChanges(): boolean {
    return this.changed;
  }

  set(key: string, value: Json | undefined): void {
    if (value === undefined || value === null || value === '' || value === 0 || value === false) return;
    const current = this.properties[key];
    if (current !== undefined && current !== null && current !== '' && !this.overwrite) return;
    if (current === value) return;
    this.properties[key] = value;
    this.changed = true;
  }

  /**
   * Merges capabilities into Ironic's `k1:v1,k2:v2` string. Keys the node has keep their value
   * unless overwriting; new keys are always added.
   */
  mergeCapabilities(add: Record<string, string>): void {
    const caps = parseCapabilities(this.properties.capabilities);
    let changed = false;
    for (const [k, v] of Object.entries(add)) {
      if (k in caps && (!this.overwrite || caps[k] === v)) continue;
      caps[k] = v;
      changed = true;
    }
    if (!changed) return;
    this.properties.capabilities = Object.entries(caps)
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
    this.changed = true;
  }
}

export function parseCapabilities(value: unknown): Record<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  if (typeof value !== 'string' || !value) return {};
  return Object.fromEntries(
    value
      .split(',')
      .filter((pair) => pair.includes(':'))
      .map((pair) => {
        const i = pair.indexOf(':');
        return [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      }),
  );
}
