import type { HardwareType } from '../hardware-type';

/**
 * Ironic's GenericHardware: the common implementations most hardware types share, in order of
 * preference. Power and management have no generic choice: each hardware type names its own.
 */
export const GENERIC_SUPPORTED: Omit<HardwareType['supported'], 'power' | 'management'> = {
  bios: ['no-bios'],
  boot: ['ipxe', 'pxe'],
  console: ['no-console'],
  deploy: ['direct', 'ansible', 'ramdisk', 'anaconda', 'custom-agent'],
  inspect: ['inspector', 'no-inspect'],
  network: ['flat', 'neutron', 'noop'],
  raid: ['no-raid', 'agent'],
  rescue: ['no-rescue', 'agent'],
  storage: ['noop', 'cinder', 'external'],
  vendor: ['no-vendor'],
};
