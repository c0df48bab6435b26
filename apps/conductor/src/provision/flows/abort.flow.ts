import type { NodeRecord } from '@ferrum/contracts';
import type { NodeTask } from '../../locks/task-manager';
import type { FlowDeps, ProvisionFlow } from './flow';

/** abort: the transition says why; aborting `inspect wait` (now `inspect failed`) also stops the asynchronous inspection. */
export class AbortFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(): Promise<void> {}

  entry(node: NodeRecord) {
    return { last_error: `By request, the ${node.provision_state.replace(' wait', '')} operation was aborted.` };
  }

  async run(task: NodeTask): Promise<void> {
    if (task.node.provision_state !== 'inspect failed') return;
    const inspect = this.deps.drivers.get(task.node, 'inspect');
    // The node already shows the abort; a failure to reach the inspector must not undo that (its timeout ends the run).
    await inspect.abortInspection?.(task).catch((err: unknown) => this.deps.onAbortError(task.node.uuid, err));
  }
}
