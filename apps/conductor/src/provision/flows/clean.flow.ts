import { ProvisionRequestParams } from '@ferrum/contracts';
import { Invalid, NodeInMaintenance } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, checkPowerAndNetwork } from './flow';
import { prepareAndClean, updateNodeCache, wipeCleaningInfo } from './steps';

type Info = Record<string, unknown>;

/**
 * Manual cleaning runs exactly the steps asked for, in the order given. As in Ironic's do_node_clean, power
 * and network are checked before the request is accepted (whatever disable_ramdisk, as Ironic's manager); the worker
 * then saves the steps and `cleaning_disable_ramdisk`, prepares cleaning (the agent boots for `direct`, and the
 * node waits in `clean wait` until it calls back — not with disable_ramdisk, API 1.70) and checks and runs the
 * steps: a bad one ends in `clean failed`. At the end cleaning is torn down (the agent powered off).
 */
export class CleanFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask, params: ProvisionRequestParams): Promise<void> {
    const { node } = task;
    if (node.maintenance) throw new NodeInMaintenance({ op: 'cleaning', node: node.uuid });
    if (!params.clean_steps?.length) throw new Invalid({ message: 'clean_steps is required when setting target provision state to clean' });
    await checkPowerAndNetwork(this.deps, task, 'cleaning');
  }

  entry() {
    return {};
  }

  async run(task: NodeTask, params: ProvisionRequestParams): Promise<void> {
    const requested = params.clean_steps ?? [];
    const disableRamdisk = params.disable_ramdisk === true;
    await task.save({ driver_internal_info: { ...(wipeCleaningInfo(task.node.driver_internal_info) as Info), clean_steps: requested, cleaning_disable_ramdisk: disableRamdisk } as never });
    await updateNodeCache(this.deps, task);
    await prepareAndClean(this.deps, task, disableRamdisk, requested);
  }
}
