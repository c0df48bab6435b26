import { InvalidParameterValue } from '@ferrum/errors';
import type { BootDevice, BootDeviceState, Indicators, ManagementInterface } from '../interfaces/management.interface';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's fake management: only PXE, and it always reports PXE, non-persistent. */
export class FakeManagement implements ManagementInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  async getSupportedBootDevices(_task: SharedTask): Promise<BootDevice[]> {
    return ['pxe'];
  }

  async setBootDevice(task: ExclusiveTask, device: BootDevice, _persistent: boolean): Promise<void> {
    if (!(await this.getSupportedBootDevices(task)).includes(device)) {
      throw new InvalidParameterValue({ message: `Invalid boot device ${device} specified.` });
    }
  }

  async getBootDevice(_task: ExclusiveTask): Promise<BootDeviceState> {
    return { boot_device: 'pxe', persistent: false };
  }

  /** Ironic's fake indicators: a read-only chassis LED and a settable system LED (setting is not implemented, as in Ironic). */
  async getSupportedIndicators(_task: ExclusiveTask): Promise<Indicators> {
    return {
      chassis: { 'led-0': { readonly: true, states: ['off', 'on'] } },
      system: { led: { readonly: false, states: ['blinking', 'off', 'on'] } },
    };
  }

  async getIndicatorState(task: ExclusiveTask, component: string, indicator: string): Promise<string> {
    const indicators = await this.getSupportedIndicators(task);
    if (!(component in indicators)) throw new InvalidParameterValue({ message: `Invalid component ${component} specified.` });
    if (!(indicator in indicators[component])) throw new InvalidParameterValue({ message: `Invalid indicator ${indicator} specified.` });
    return 'on';
  }
}
