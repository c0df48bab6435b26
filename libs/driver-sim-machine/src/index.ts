import type { DriverPlugin } from '@ferrum/drivers';
import { SimMachines } from './sim-machines';
import { SimManagement } from './sim-management';
import { SimPower } from './sim-power';

/**
 * Test driver plugin: the `sim-machine` hardware type, whose "machine" is the real agent process started on
 * power on. Load it by path (FERRUM_DRIVER_PLUGINS=<root>/dist/libs/driver-sim-machine/src/index.js) in
 * end-to-end tests and benches; it is not meant for production.
 */
const plugin: DriverPlugin = {
  register(api) {
    const machines = new SimMachines();
    api.addInterface('power', 'sim', () => new SimPower(machines));
    api.addInterface('management', 'sim', () => new SimManagement(machines));
    api.addHardwareType({
      name: 'sim-machine',
      supported: {
        bios: ['no-bios'],
        boot: ['fake'],
        console: ['no-console'],
        firmware: ['no-firmware'],
        deploy: ['direct', 'fake'],
        inspect: ['no-inspect', 'inspector', 'agent'],
        management: ['sim'],
        network: ['noop', 'flat'],
        power: ['sim'],
        // As Ironic's generic hardware: no RAID by default, the agent's software RAID on request.
        raid: ['no-raid', 'agent'],
        rescue: ['no-rescue'],
        storage: ['noop'],
        vendor: ['no-vendor'],
      },
      agentVendor: true,
    });
  },
};

export default plugin;
export { SimMachines } from './sim-machines';
