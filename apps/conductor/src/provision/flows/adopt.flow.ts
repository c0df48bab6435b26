import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, advance, checker, describeError, fail } from './flow';

/** adopt: the deploy interface takes over a machine that is already running its instance. */
export class AdoptFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask): Promise<void> {
    const check = checker(this.deps, task);
    await check('power');
    await check('deploy');
  }

  entry() {
    return {};
  }

  async run(task: NodeTask): Promise<void> {
    try {
      await this.deps.drivers.get(task.node, 'deploy').takeOver(task);
      await advance(task, 'done');
    } catch (err) {
      await fail(task, `Error while attempting to adopt node ${task.node.uuid}: ${describeError(err)}`);
    }
  }
}
