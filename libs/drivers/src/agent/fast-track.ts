import { InvalidParameterValue } from '@ferrum/errors';

const TRUE = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE = ['0', 'f', 'false', 'off', 'n', 'no'];

/**
 * Ironic's utils.fast_track_enabled: the node's driver_info.fast_track when set (strict boolean, as
 * oslo's bool_from_string), else the conductor's option.
 * @throws InvalidParameterValue when driver_info.fast_track is not a boolean
 */
export function fastTrackEnabled(driverInfo: Record<string, unknown>, global: boolean): boolean {
  const value = driverInfo.fast_track;
  if (value === undefined || value === null) return global;
  if (typeof value === 'boolean') return value;
  // Python's str() of a JSON value: close enough for the message (objects are not booleans either way).
  const shown = typeof value === 'object' ? JSON.stringify(value) : typeof value === 'string' ? value : JSON.stringify(value);
  const text = shown.trim().toLowerCase();
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  const accepted = [...TRUE, ...FALSE].sort().map((v) => `'${v}'`).join(', ');
  throw new InvalidParameterValue({ message: `Invalid value of fast_track: Unrecognized value '${shown}', acceptable values are: ${accepted}` });
}
