import type { NodeRecord } from '@ferrum/contracts';
import type { NodeTask } from '../../locks/task-manager';
import type { FlowDeps, ProvisionFlow } from './flow';
import { wipeServiceInfo } from './service.flow';
import { afterCleanFailure, hasCleanStep, wipeCleaningInfo, wipeDeployInfo } from './steps';

const SERVICE_ABORTED = 'By request, the service operation was aborted';

/** Ironic's " during or after the completion of step "<interface>.<step>"", when a step was under way. */
function duringStep(step: Record<string, unknown> | null | undefined): string {
  const { interface: iface, step: name } = (step ?? {}) as { interface?: string; step?: string };
  return name ? ` during or after the completion of step "${iface}.${name}"` : '';
}

/**
 * abort: the transition says why (Ironic's cleaning.get_last_error and do_node_deploy_abort for the clean and
 * deploy states); aborting `inspect wait` (now `inspect failed`) also stops the asynchronous inspection.
 */
export class AbortFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(): Promise<void> {}

  entry(node: NodeRecord) {
    if (node.provision_state === 'clean wait' || node.provision_state === 'clean hold') {
      return { last_error: `By request, the clean operation was aborted${duringStep(node.clean_step)}` };
    }
    if (['service wait', 'service hold', 'service failed'].includes(node.provision_state)) {
      return {
        last_error: `${SERVICE_ABORTED}${duringStep(node.service_step)}`,
        service_step: {},
        driver_internal_info: wipeServiceInfo(node.driver_internal_info),
      };
    }
    if (node.provision_state === 'deploy hold' || node.provision_state === 'wait call-back') {
      // Ironic breaks off the agent's API at once (remove_agent_url): a late heartbeat finds no URL to trust.
      const { agent_url: _url, ...info } = wipeDeployInfo(node.driver_internal_info) as Record<string, unknown>;
      return { last_error: `By request, the deploy operation was aborted${duringStep(node.deploy_step)}`, deploy_step: {}, driver_internal_info: info };
    }
    return { last_error: `By request, the ${node.provision_state.replace(' wait', '')} operation was aborted.` };
  }

  async run(task: NodeTask): Promise<void> {
    // Ironic's do_node_deploy_abort (1.110): what the deploy prepared is cleaned up; the node is not cleaned.
    if (task.node.provision_state === 'deploy failed') {
      await Promise.resolve(this.deps.drivers.get(task.node, 'deploy').cleanUp(task)).catch((err: unknown) => this.deps.onAbortError(task.node.uuid, err));
      return;
    }
    // Ironic's do_node_service_abort: the node goes back to its instance (a failure to do so is only noted).
    // Abort ends in `service failed` only from service wait / hold, and in `active` only from service failed.
    if (task.node.provision_state === 'service failed' || task.node.provision_state === 'active') {
      await Promise.resolve(this.deps.drivers.get(task.node, 'deploy').tearDownService?.(task)).catch((err: unknown) => this.deps.onAbortError(task.node.uuid, err));
      return;
    }
    // Ironic's do_node_clean_abort: abort ends in `clean failed` only from clean wait / hold.
    if (task.node.provision_state === 'clean failed') return this.abortCleaning(task);
    if (task.node.provision_state !== 'inspect failed') return;
    const inspect = this.deps.drivers.get(task.node, 'inspect');
    // The node already shows the abort; a failure to reach the inspector must not undo that (its timeout ends the run).
    await inspect.abortInspection?.(task).catch((err: unknown) => this.deps.onAbortError(task.node.uuid, err));
  }

  /**
   * Ironic's do_node_clean_abort: cleaning is torn down (the agent powered off, whatever disable_ramdisk), then
   * the step and the cleaning flags go. A failed tear down is recorded as Ironic's cleaning error handler does
   * (maintenance when a step was under way), the node staying in `clean failed`.
   */
  private async abortCleaning(task: NodeTask): Promise<void> {
    try {
      await this.deps.drivers.get(task.node, 'deploy').tearDownCleaning?.(task);
    } catch (err) {
      this.deps.onAbortError(task.node.uuid, err);
      const error = 'Failed to tear down cleaning after aborting the operation';
      const during = hasCleanStep(task.node.clean_step);
      await task.save({
        last_error: error,
        clean_step: {},
        driver_internal_info: afterCleanFailure(task.node.driver_internal_info),
        ...(during ? { maintenance: true, fault: 'clean failure', maintenance_reason: task.node.maintenance_reason ?? error } : {}),
      });
      return;
    }
    await task.save({ clean_step: {}, driver_internal_info: wipeCleaningInfo(task.node.driver_internal_info) });
  }
}
