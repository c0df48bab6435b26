import type { DriverPlugin } from '@ferrum/drivers';
import { ExamplePower } from './example-power';
import { ExampleVendor } from './example-vendor';

/**
 * The plugin entry point. Ferrum finds it by package name (FERRUM_DRIVER_PLUGINS), never by import,
 * so nothing in the tree depends on it: the analogue of an Ironic driver shipped as its own package.
 */
const plugin: DriverPlugin = {
  register(api) {
    api.addInterface('power', 'example', () => new ExamplePower());
    api.addInterface('vendor', 'example', () => new ExampleVendor());
    api.addHardwareType({
      name: 'example-hardware',
      supported: {
        bios: ['no-bios'],
        boot: ['fake'],
        console: ['no-console'],
        firmware: ['no-firmware'],
        deploy: ['fake'],
        inspect: ['no-inspect'],
        management: ['fake'],
        network: ['flat', 'noop'],
        power: ['example'],
        raid: ['no-raid'],
        rescue: ['no-rescue'],
        storage: ['noop'],
        vendor: ['example', 'no-vendor'],
      },
    });
  },
};

export default plugin;
