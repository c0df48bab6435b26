import type { DeployInterface } from '../interfaces/deploy.interface';
import { deployStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's fake deploy: one `deploy` step that finishes at once; tear down does nothing. */
export class FakeDeploy implements DeployInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  @deployStep({ priority: 100 })
  async deploy(_task: ExclusiveTask): Promise<void> {}

  async prepare(_task: ExclusiveTask): Promise<void> {}

  async tearDown(_task: ExclusiveTask): Promise<void> {}

  async cleanUp(_task: ExclusiveTask): Promise<void> {}

  async takeOver(_task: ExclusiveTask): Promise<void> {}
}
