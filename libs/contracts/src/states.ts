/** Power states as they appear on the wire (§14.5). */
export const POWER_ON = 'power on';
export const POWER_OFF = 'power off';
export const REBOOT = 'rebooting';
export const SOFT_REBOOT = 'soft rebooting';
export const SOFT_POWER_OFF = 'soft power off';
export type PowerState = typeof POWER_ON | typeof POWER_OFF | 'error';
export type PowerTarget = typeof POWER_ON | typeof POWER_OFF | typeof REBOOT | typeof SOFT_REBOOT | typeof SOFT_POWER_OFF;
export const POWER_TARGETS: readonly PowerTarget[] = [POWER_ON, POWER_OFF, REBOOT, SOFT_REBOOT, SOFT_POWER_OFF];

/** The stable power state a power request ends in (`rebooting` ends powered on). */
export function powerTargetEndState(target: PowerTarget): typeof POWER_ON | typeof POWER_OFF {
  return target === POWER_OFF || target === SOFT_POWER_OFF ? POWER_OFF : POWER_ON;
}

/** Devices a virtual media image may be attached as (API 1.89, Ironic's boot_devices.VMEDIA_DEVICES). */
export const VMEDIA_DEVICES = ['disk', 'cdrom', 'floppy'] as const;
export type VmediaDevice = (typeof VMEDIA_DEVICES)[number];

/** Interface kinds of a hardware type (§15.1). */
export const INTERFACE_KINDS = [
  'bios',
  'boot',
  'console',
  'deploy',
  'firmware',
  'inspect',
  'management',
  'network',
  'power',
  'raid',
  'rescue',
  'storage',
  'vendor',
] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];
