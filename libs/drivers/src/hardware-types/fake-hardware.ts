import type { HardwareType } from '../hardware-type';

/** Ironic's fake-hardware: `fake` first for every kind but network (§15.4 of the spec). */
export const fakeHardware: HardwareType = {
  name: 'fake-hardware',
  supported: {
    bios: ['fake', 'no-bios'],
    boot: ['fake', 'ipxe', 'pxe'],
    console: ['fake', 'no-console'],
    firmware: ['fake', 'no-firmware'],
    deploy: ['fake', 'direct', 'ansible', 'ramdisk', 'anaconda', 'custom-agent'],
    inspect: ['fake', 'agent', 'inspector', 'no-inspect'],
    management: ['fake'],
    network: ['flat', 'neutron', 'noop'],
    power: ['fake'],
    raid: ['fake', 'no-raid', 'agent'],
    rescue: ['fake', 'no-rescue', 'agent'],
    storage: ['fake', 'noop', 'cinder', 'external'],
    vendor: ['fake', 'no-vendor'],
  },
};
