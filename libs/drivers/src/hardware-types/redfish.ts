import type { HardwareType } from '../hardware-type';
import { GENERIC_SUPPORTED } from './generic';

/** Ironic's RedfishHardware: redfish power, management, out-of-band inspection and vendor methods over the generic interfaces. */
export const redfishHardware: HardwareType = {
  name: 'redfish',
  supported: {
    ...GENERIC_SUPPORTED,
    power: ['redfish'],
    management: ['redfish', 'noop'],
    inspect: ['redfish', ...GENERIC_SUPPORTED.inspect],
    bios: ['redfish', ...GENERIC_SUPPORTED.bios],
    // Ironic's order: virtual media after the network boots ("because of limited hardware vendors support").
    boot: [...GENERIC_SUPPORTED.boot, 'redfish-virtual-media'],
    firmware: ['redfish', ...GENERIC_SUPPORTED.firmware],
    // Ironic lists its Redfish RAID first; Ferrum has none yet, so a node gets the next enabled one.
    raid: ['redfish', ...GENERIC_SUPPORTED.raid],
    vendor: ['redfish', 'no-vendor'],
  },
  agentVendor: true,
};
