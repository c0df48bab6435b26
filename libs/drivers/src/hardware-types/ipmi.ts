import type { HardwareType } from '../hardware-type';
import { GENERIC_SUPPORTED } from './generic';

/** Ironic's IPMIHardware: ipmitool power and management over the generic interfaces. */
export const ipmiHardware: HardwareType = {
  name: 'ipmi',
  supported: {
    ...GENERIC_SUPPORTED,
    power: ['ipmitool'],
    management: ['ipmitool', 'noop'],
    vendor: ['ipmitool', 'no-vendor'],
  },
  agentVendor: true,
};
