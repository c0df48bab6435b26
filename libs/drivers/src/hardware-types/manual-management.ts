import type { HardwareType } from '../hardware-type';
import { GENERIC_SUPPORTED } from './generic';

/** Ironic's manual-management: the operator powers and boots the machine by hand. */
export const manualManagement: HardwareType = {
  name: 'manual-management',
  supported: {
    ...GENERIC_SUPPORTED,
    // Ironic lists `agent` power first; Ferrum has no agent power yet, so `fake` (records the requested state) serves.
    power: ['agent', 'fake'],
    management: ['noop', 'fake'],
  },
  agentVendor: true,
};
