import { biosSettingsArg, cachedBiosSetting } from '../bios/bios-settings';
import type { BiosInterface } from '../interfaces/optional.interfaces';
import { cleanStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's fake BIOS: manual clean steps (priority 0) that keep the node's cached settings as a real BIOS would. */
export class FakeBios implements BiosInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  /** Ironic's fake apply_configuration: the node's cached settings become the ones given (others are dropped). */
  @cleanStep({ priority: 0, argsinfo: { settings: { description: 'List of BIOS settings, each item needs to contain a dictionary with name/value pairs', required: true } } })
  async apply_configuration(task: ExclusiveTask, args: { settings?: unknown }): Promise<void> {
    await task.biosSettings?.replace(biosSettingsArg(args.settings).map((s) => cachedBiosSetting(s.name, s.value)));
  }

  /** Ironic's fake factory_reset: every cached setting is dropped. */
  @cleanStep({ priority: 0 })
  async factory_reset(task: ExclusiveTask): Promise<void> {
    await task.biosSettings?.replace([]);
  }

  @cleanStep({ priority: 0 })
  async cache_bios_settings(_task: ExclusiveTask): Promise<void> {}
}
