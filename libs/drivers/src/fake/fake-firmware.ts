import type { FirmwareInterface } from '../interfaces/optional.interfaces';
import { cleanStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's FakeFirmware: an `update` manual clean step that takes the settings and changes nothing, and no components. */
export class FakeFirmware implements FirmwareInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  @cleanStep({ priority: 0, argsinfo: { settings: { description: 'List of Firmware components, each item needs to contain a dictionary with name/value pairs', required: true } } })
  async update(_task: ExclusiveTask, _args: { settings?: unknown }): Promise<void> {}

  async cacheFirmwareComponents(_task: ExclusiveTask): Promise<void> {}
}
