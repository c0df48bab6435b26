import type { InspectInterface } from '../interfaces/inspect.interface';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's fake inspect: finishes synchronously without learning anything. */
export class FakeInspect implements InspectInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  async inspectHardware(_task: ExclusiveTask): Promise<'done'> {
    return 'done';
  }
}
