/**
 * Python's `datetime.utcnow().isoformat()`: naive (no zone) with microseconds — how Ironic stamps times it
 * keeps in driver_internal_info (e.g. `last_power_state_change`), unlike the API's zoned timestamps.
 */
export function naiveUtcNow(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 23)}000`;
}
