import type { NodeTask } from '../../locks/task-manager';
import type { FlowDeps, ProvisionFlow } from './flow';
import { continueService } from './resume';

/**
 * unhold (1.85): a clean or deploy hold goes back to waiting for the agent's next heartbeat; a service hold
 * goes on at once with the steps after the hold (Ironic's continue_node_service on unhold).
 */
export class UnholdFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(): Promise<void> {}

  entry() {
    return {};
  }

  async run(task: NodeTask): Promise<void> {
    if (task.node.provision_state === 'service wait') await continueService(this.deps, task);
  }
}
