import { Options } from './option';

function display(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return value.join(',');
  if (value === '') return '""';
  // Defaults are scalars; JSON keeps any other value readable instead of '[object Object]'.
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The README's configuration table, rendered from the option schemas so the two cannot drift. */
export function renderConfigTable(groups: Record<string, Options>): string {
  const lines = ['| Variable | Used by | Default | Description |', '|---|---|---|---|'];
  for (const [group, options] of Object.entries(groups)) {
    for (const opt of Object.values(options)) {
      const parsed = opt.schema.safeParse(undefined);
      const def = parsed.success ? display(parsed.data) : '(required)';
      lines.push(`| \`${opt.env}\` | ${group} | \`${def}\` | ${opt.description.replace(/\|/g, '\\|')} |`);
    }
  }
  return lines.join('\n');
}
