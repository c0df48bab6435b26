import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, advance, describeError, fail } from './flow';
import { updateNodeCache } from './steps';

/** manage: out of enroll the node is verified (Ironic's do_node_verify); out of a failed state it just moves. */
export class ManageFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(): Promise<void> {}

  entry() {
    return {};
  }

  async run(task: NodeTask): Promise<void> {
    if (task.node.provision_state !== 'verifying') return;
    const power = this.deps.drivers.get(task.node, 'power');
    try {
      await power.validate(task);
      await this.deps.drivers.get(task.node, 'management').validate(task);
      // Reading the power state proves the BMC takes the credentials.
      const state = await power.getPowerState(task);
      await updateNodeCache(this.deps, task);
      await advance(task, 'done', state ? { power_state: state } : {});
    } catch (err) {
      await fail(task, `Failed to verify node ${task.node.uuid}: ${describeError(err)}`);
    }
  }
}
