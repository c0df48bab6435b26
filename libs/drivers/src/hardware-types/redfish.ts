import type { HardwareType } from '../hardware-type';
import { GENERIC_SUPPORTED } from './generic';

/** Ironic's RedfishHardware: redfish power, management and out-of-band inspection over the generic interfaces. */
export const redfishHardware: HardwareType = {
  name: 'redfish',
  supported: {
    ...GENERIC_SUPPORTED,
    power: ['redfish'],
    management: ['redfish', 'noop'],
    inspect: ['redfish', ...GENERIC_SUPPORTED.inspect],
  },
  agentVendor: true,
};
