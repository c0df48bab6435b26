import type { BiosInterface } from '../interfaces/optional.interfaces';
import { cleanStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's fake BIOS: manual clean steps (priority 0) that succeed without doing anything. */
export class FakeBios implements BiosInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  @cleanStep({ priority: 0, argsinfo: { settings: { description: 'A list of BIOS settings to apply.', required: true } } })
  async apply_configuration(_task: ExclusiveTask, _args: { settings?: unknown }): Promise<void> {}

  @cleanStep({ priority: 0 })
  async factory_reset(_task: ExclusiveTask): Promise<void> {}

  @cleanStep({ priority: 0 })
  async cache_bios_settings(_task: ExclusiveTask): Promise<void> {}
}
