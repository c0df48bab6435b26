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
    // Generic boot/deploy need the agent and PXE, which arrive later; until then the fake ones let a
    // manually managed node go through the provision states.
    boot: [...GENERIC_SUPPORTED.boot, 'fake'],
    deploy: [...GENERIC_SUPPORTED.deploy, 'fake'],
  },
  agentVendor: true,
};
