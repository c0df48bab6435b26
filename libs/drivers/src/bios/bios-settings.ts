import { pyStr, type BiosSettingRecord } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';

export interface RequestedBiosSetting {
  name: string;
  value?: unknown;
}

/**
 * The `settings` argument of a BIOS interface's apply_configuration step: a list of {name, value}. A BMC
 * needs a value for each (`valueRequired`); the fake BIOS takes a missing one as none.
 */
export function biosSettingsArg(settings: unknown, valueRequired = false): RequestedBiosSetting[] {
  const valid = (s: unknown): s is RequestedBiosSetting =>
    typeof s === 'object' && s !== null && typeof (s as { name?: unknown }).name === 'string' && (!valueRequired || 'value' in s);
  if (!Array.isArray(settings) || !settings.every(valid)) {
    throw new InvalidParameterValue({ message: 'settings must be a list of BIOS settings, each a dictionary with name and value' });
  }
  return settings;
}

/** A setting as the node caches it: Ironic keeps values as strings (Python's str() of what the BIOS gave), or none. */
export function cachedBiosSetting(name: string, value: unknown): BiosSettingRecord {
  return { name, value: value === undefined || value === null ? null : pyStr(value) };
}
