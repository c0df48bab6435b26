import { z } from 'zod';
import { option } from './option';

/**
 * `FERRUM_PROFILE=ironic-compat`: every default that Ferrum chose differently from Ironic 21.4 (and
 * ironic-inspector, for the inspector role) goes back to Ironic's. Applied under the environment, so an
 * option set explicitly still wins. The README's "Defaults that differ from Ironic" says why each differs.
 *
 * Interface lists are Ironic's defaults limited to the implementations Ferrum has (a name Ferrum lacks
 * would stop the conductor at start, as it would stop Ironic); a spec in libs/drivers checks the names.
 */
export const IRONIC_COMPAT_PROFILE: Readonly<Record<string, string>> = {
  // [conductor]heartbeat_timeout: Ferrum declares a silent conductor dead after 15 s, Ironic after 60 s.
  FERRUM_HEARTBEAT_TIMEOUT_S: '60',
  // [DEFAULT]hash_ring_reset_interval
  FERRUM_HASH_RING_RESET_INTERVAL_S: '15',
  // [DEFAULT]enabled_hardware_types: Ferrum adds the two types that need no BMC.
  FERRUM_ENABLED_HARDWARE_TYPES: 'ipmi,redfish',
  // [DEFAULT]enabled_<kind>_interfaces (Ironic's defaults ∩ Ferrum's implementations).
  FERRUM_ENABLED_BOOT_INTERFACES: 'ipxe,pxe,redfish-virtual-media',
  FERRUM_ENABLED_DEPLOY_INTERFACES: 'direct',
  FERRUM_ENABLED_POWER_INTERFACES: 'ipmitool,redfish',
  FERRUM_ENABLED_MANAGEMENT_INTERFACES: 'ipmitool,redfish,noop',
  FERRUM_ENABLED_INSPECT_INTERFACES: 'no-inspect,redfish',
  FERRUM_ENABLED_VENDOR_INTERFACES: 'ipmitool,redfish,no-vendor',
  FERRUM_ENABLED_CONSOLE_INTERFACES: 'no-console',
  FERRUM_ENABLED_RAID_INTERFACES: 'agent,no-raid',
  FERRUM_ENABLED_BIOS_INTERFACES: 'no-bios',
  FERRUM_ENABLED_FIRMWARE_INTERFACES: 'no-firmware',
  FERRUM_ENABLED_RESCUE_INTERFACES: 'no-rescue',
  FERRUM_ENABLED_NETWORK_INTERFACES: 'flat,noop',
  FERRUM_ENABLED_STORAGE_INTERFACES: 'noop',
  // ironic-inspector [processing]overwrite_existing and store_data.
  FERRUM_INSPECTOR_OVERWRITE_EXISTING: 'true',
  FERRUM_INSPECTOR_STORE_DATA: 'none',
};

export const PROFILES = { ferrum: {}, 'ironic-compat': IRONIC_COMPAT_PROFILE } as const;
export type ProfileName = keyof typeof PROFILES;

export const profileOptions = {
  profile: option(
    'FERRUM_PROFILE',
    z.enum(Object.keys(PROFILES) as [ProfileName, ...ProfileName[]]).default('ferrum'),
    "Set of defaults: ferrum, or ironic-compat (every default as Ironic 21.4's; options set explicitly still win). See \"Defaults that differ from Ironic\".",
  ),
};

/** The environment with the chosen profile's defaults under it. An unknown profile is left for validation to name. */
export function withProfile(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const defaults: Record<string, string> = PROFILES[env.FERRUM_PROFILE as ProfileName] ?? {};
  const out = { ...env };
  for (const [key, value] of Object.entries(defaults)) if (out[key] === undefined || out[key] === '') out[key] = value;
  return out;
}
