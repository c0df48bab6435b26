import { Microversion } from '@ferrum/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3986 unreserved characters (≥1.10). */
const LOGICAL_NAME = /^[A-Za-z0-9._~-]+$/;
/** Below 1.10 a name had to be a valid host name label. */
const HOSTNAME_SAFE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isUuidLike(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

/** Ironic's is_valid_logical_name, which became less strict at 1.10. */
export function isValidLogicalName(value: unknown, version: number = Microversion.NAME_CHARS): boolean {
  if (typeof value !== 'string' || value.length > 255) return false;
  return version < Microversion.NAME_CHARS ? HOSTNAME_SAFE.test(value) : LOGICAL_NAME.test(value);
}

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/;
/** oslo's is_valid_mac, lower-cased as Ironic stores it; undefined when it is not a MAC. */
export function normalizeMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return MAC.test(lower) ? lower : undefined;
}
