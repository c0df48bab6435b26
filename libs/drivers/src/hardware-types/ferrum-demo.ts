import type { HardwareType } from '../hardware-type';
import { fakeHardware } from './fake-hardware';

/**
 * Ferrum's demonstration hardware type: fake-hardware with the `ferrum-demo` vendor (driver-level echo,
 * add, driver_job) as its default. Not enabled by default, so the driver list stays Ironic's.
 */
export const ferrumDemo: HardwareType = {
  name: 'ferrum-demo',
  supported: { ...fakeHardware.supported, vendor: ['ferrum-demo', 'fake', 'no-vendor'] },
};
