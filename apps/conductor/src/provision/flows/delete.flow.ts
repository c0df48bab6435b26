import { NodeProtected } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, advance, checker, describeError, fail } from './flow';
import { automatedClean, wipeDeployInfo, without } from './steps';

/** delete (undeploy): tear down, forget the instance, then clean (automated) on the way back to available. */
export class DeleteFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask): Promise<void> {
    if (task.node.protected) throw new NodeProtected({ node: task.node.uuid });
    await checker(this.deps, task)('power');
  }

  entry() {
    return {};
  }

  async run(task: NodeTask): Promise<void> {
    try {
      // The console stops with the instance but stays enabled for the next deployment (Ironic's do_node_tear_down).
      if (task.node.console_enabled) await this.deps.drivers.get(task.node, 'console').stopConsole(task);
      const deploy = this.deps.drivers.get(task.node, 'deploy');
      await deploy.tearDown(task);
      await deploy.cleanUp(task);
    } catch (err) {
      await fail(task, `Error while tearing down node ${task.node.uuid}: ${describeError(err)}`);
      return;
    }
    const info = without(task.node.driver_internal_info, ['instance', 'root_uuid_or_disk_id', 'is_whole_disk_image', 'is_source_a_path', 'deploy_boot_mode']);
    // The instance is gone, and with it the allocation that held the node (as Ironic's tear down does).
    if (task.node.allocation_uuid) await this.deps.releaseAllocation?.(task.node.allocation_uuid);
    await advance(task, 'clean', { instance_info: {}, instance_uuid: null, instance_name: null, allocation_uuid: null, driver_internal_info: wipeDeployInfo(info) });
    await automatedClean(this.deps, task);
  }
}
