/**
 * Ironic renders timestamps as Python's isoformat() of an aware UTC datetime: microseconds and an
 * explicit "+00:00" zone ("2026-12-05T12:00:00.123000+00:00"). RFC 3339 parsers (Go clients such as
 * gophercloud) need the zone. Dates carry milliseconds, so the last three digits are zeros.
 */
export function isoTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    // PostgreSQL's JSON form of a UTC timestamptz (a node read as one JSON row): rewritten without a Date,
    // to the same milliseconds a Date keeps (the rest of the fraction dropped, as Date parsing drops it).
    const utc = UTC_JSON.exec(value);
    if (utc) return `${utc[1]}.${(utc[2] ?? '').padEnd(3, '0').slice(0, 3)}000+00:00`;
  }
  const date = value instanceof Date ? value : new Date(value);
  return `${date.toISOString().slice(0, 23)}000+00:00`;
}

const UTC_JSON = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00:00|Z)$/;
