import { BOOT_DEVICES, BootDevice, BootDeviceState, ExclusiveTask, ManagementInterface, SharedTask } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import type { SimMachines } from './sim-machines';

/** Boot device of a simulated machine: `pxe` makes the next power on start the agent. */
export class SimManagement implements ManagementInterface {
  constructor(private readonly machines: SimMachines) {}

  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  async getSupportedBootDevices(): Promise<BootDevice[]> {
    return ['pxe', 'disk'];
  }

  async setBootDevice(task: ExclusiveTask, device: BootDevice, persistent: boolean): Promise<void> {
    if (!(['pxe', 'disk'] as string[]).includes(device) || !BOOT_DEVICES.includes(device)) {
      throw new InvalidParameterValue({ message: `Invalid boot device ${device} specified.` });
    }
    this.machines.setBootDevice(task.node.uuid, device, persistent);
  }

  async getBootDevice(task: ExclusiveTask): Promise<BootDeviceState> {
    const state = this.machines.bootDevice(task.node.uuid);
    return { boot_device: state.boot_device as BootDevice, persistent: state.persistent };
  }
}
