import { Invalid } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import type { FlowDeps, ProvisionFlow } from './flow';
import { automatedClean } from './steps';

/** provide: manageable → available, through automated cleaning unless it is skipped. */
export class ProvideFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask): Promise<void> {
    if (task.node.retired) throw new Invalid({ message: `Cannot provide node ${task.node.uuid}: it is retired.` });
  }

  entry() {
    return {};
  }

  run(task: NodeTask): Promise<void> {
    return automatedClean(this.deps, task);
  }
}
