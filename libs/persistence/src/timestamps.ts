/** Ironic renders timestamps as ISO-8601 in UTC without a zone suffix. */
export function isoTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace('Z', '');
}
