import { isInspectionResult } from '@ferrum/drivers';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, advance, checker, describeError, fail } from './flow';

/**
 * inspect: the inspect interface reads the hardware out-of-band (its result is saved and the node is done)
 * or starts in-band inspection ('wait': the node waits in `inspect wait` for the inspector's report).
 */
export class InspectFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask): Promise<void> {
    const check = checker(this.deps, task);
    await check('power');
    await check('inspect');
  }

  entry() {
    return {};
  }

  async run(task: NodeTask): Promise<void> {
    try {
      const result = await this.deps.drivers.get(task.node, 'inspect').inspectHardware(task);
      if (result === 'wait') return await advance(task, 'wait');
      if (isInspectionResult(result)) await this.deps.saveInspection(task, result);
      await advance(task, 'done');
    } catch (err) {
      await fail(task, `Failed to inspect hardware of node ${task.node.uuid}: ${describeError(err)}`);
    }
  }
}
