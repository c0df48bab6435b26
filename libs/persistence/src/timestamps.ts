/**
 * Ironic renders timestamps as Python's isoformat() of an aware UTC datetime: microseconds and an
 * explicit "+00:00" zone ("2026-12-05T12:00:00.123000+00:00"). RFC 3339 parsers (Go clients such as
 * gophercloud) need the zone. Dates carry milliseconds, so the last three digits are zeros.
 */
export function isoTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return `${date.toISOString().slice(0, 23)}000+00:00`;
}
