import type { HardwareType } from '../hardware-type';
import { GENERIC_SUPPORTED } from './generic';

/** Ironic's IPMIHardware: ipmitool power, management and socat console over the generic interfaces. */
export const ipmiHardware: HardwareType = {
  name: 'ipmi',
  supported: {
    ...GENERIC_SUPPORTED,
    power: ['ipmitool'],
    management: ['ipmitool', 'noop'],
    vendor: ['ipmitool', 'no-vendor'],
    // Ironic's order (its ipmitool-shellinabox is not implemented).
    console: ['ipmitool-socat', 'no-console'],
  },
  agentVendor: true,
};
