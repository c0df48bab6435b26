import type { NodeRecord, ProvisionRequestParams } from '@ferrum/contracts';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, advance, checker, describeError, fail } from './flow';

/** rescue: boots the rescue ramdisk with the requested password ('wait' until its agent calls back). */
export class RescueFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask): Promise<void> {
    await checker(this.deps, task)('rescue');
  }

  entry(node: NodeRecord, params: ProvisionRequestParams) {
    return { instance_info: { ...node.instance_info, rescue_password: params.rescue_password ?? null } };
  }

  async run(task: NodeTask): Promise<void> {
    try {
      const result = await this.deps.drivers.get(task.node, 'rescue').rescue(task);
      await advance(task, result === 'wait' ? 'wait' : 'done');
    } catch (err) {
      await fail(task, `Failed to rescue node ${task.node.uuid}: ${describeError(err)}`);
    }
  }
}

/** unrescue: back to the instance. */
export class UnrescueFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(): Promise<void> {}

  entry() {
    return {};
  }

  async run(task: NodeTask): Promise<void> {
    try {
      await this.deps.drivers.get(task.node, 'rescue').unrescue(task);
      await advance(task, 'done');
    } catch (err) {
      await fail(task, `Failed to unrescue node ${task.node.uuid}: ${describeError(err)}`);
    }
  }
}
