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
    // Until the agent's boot and deploy implementations exist, `fake` keeps the type startable (as for
    // manual-management); the generic ones come first, so they win as soon as they are registered.
    boot: [...GENERIC_SUPPORTED.boot, 'fake'],
    deploy: [...GENERIC_SUPPORTED.deploy, 'fake'],
  },
  agentVendor: true,
};
