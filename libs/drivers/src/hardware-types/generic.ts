import type { HardwareType } from '../hardware-type';

/**
 * Ironic's GenericHardware: the common implementations most hardware types share, in order of
 * preference. Power and management have no generic choice: each hardware type names its own.
 */
export const GENERIC_SUPPORTED: Omit<HardwareType['supported'], 'power' | 'management'> = {
  bios: ['no-bios'],
  boot: ['ipxe', 'pxe'],
  console: ['no-console'],
  firmware: ['no-firmware'],
  deploy: ['direct', 'ansible', 'ramdisk', 'anaconda', 'custom-agent'],
  // `agent` first: Ironic's built-in inspection is what current Ironic (and Metal3) use; enabling only
  // `inspector` (FERRUM_ENABLED_INSPECT_INTERFACES) keeps ironic-inspector's flow the default.
  inspect: ['agent', 'inspector', 'no-inspect'],
  network: ['flat', 'neutron', 'noop'],
  raid: ['no-raid', 'agent'],
  rescue: ['no-rescue', 'agent'],
  storage: ['noop', 'cinder', 'external'],
  vendor: ['no-vendor'],
};
