import { InvalidParameterValue } from '@ferrum/errors';
import type { BootDevice, BootDeviceState, ManagementInterface } from '../interfaces/management.interface';
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
}
