import { BOOT_DEVICES, BootDevice, BootDeviceState, ManagementInterface } from '../interfaces/management.interface';
import type { ExclusiveTask, SharedTask } from '../task';

/**
 * `noop` management (manual-management): the operator sets boot devices by hand, so Ferrum
 * accepts every request and changes nothing, and cannot tell what the device is.
 */
export class NoopManagement implements ManagementInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  async getSupportedBootDevices(_task: SharedTask): Promise<BootDevice[]> {
    return [...BOOT_DEVICES];
  }

  async setBootDevice(_task: ExclusiveTask, _device: BootDevice, _persistent: boolean): Promise<void> {}

  async getBootDevice(_task: ExclusiveTask): Promise<BootDeviceState> {
    return { boot_device: null, persistent: null };
  }
}
