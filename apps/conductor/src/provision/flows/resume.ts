import { pyRepr } from '@ferrum/contracts';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, advance, describeError, fail } from './flow';
import { isReservedStep } from './reserved-steps';
import { failService, runServiceSteps } from './service.flow';
import { RunnableStep, failClean, hasCleanStep, invokeStep, runCleanSteps, runDeploySteps, startCleanStepsOnHeartbeat, wipeDeployInfo } from './steps';

/**
 * An agent heartbeat in `wait call-back`, `clean wait` or `service wait`: the waiting step runs again with the
 * heartbeat's token and URL on the task; when it is done the node goes on with the steps after it. In
 * `clean wait` with no step yet the agent has just booted for cleaning: the steps start from the first.
 */
export async function resumeSteps(deps: FlowDeps, task: NodeTask): Promise<void> {
  if (task.node.provision_state === 'service wait') return continueService(deps, task);
  const info = task.node.driver_internal_info;
  const cleaning = task.node.provision_state === 'clean wait';
  if (cleaning && !hasCleanStep(task.node.clean_step)) return startCleanStepsOnHeartbeat(deps, task);
  const steps = ((cleaning ? info.clean_steps : info.deploy_steps) ?? []) as unknown as RunnableStep[];
  const index = Number(cleaning ? info.clean_step_index : info.deploy_step_index);
  const step = steps[index];
  if (!step) {
    await fail(task, `Node ${task.node.uuid} was resumed by a heartbeat but has no ${cleaning ? 'clean' : 'deploy'} step in progress`);
    return;
  }
  let result: unknown;
  try {
    // A `hold` or `wait` step is over once the agent heartbeats again: the steps after it go on.
    result = isReservedStep(step) ? undefined : await invokeStep(deps, task, step);
  } catch (err) {
    if (cleaning) await failClean(deps, task, step, err);
    else await fail(task, `Deploy step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describeError(err)}`, { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
    return;
  }
  if (result === 'wait') return;
  await advance(task, 'resume');
  if (cleaning) await runCleanSteps(deps, task, steps, index + 1);
  else await runDeploySteps(deps, task, steps, index + 1);
}

/**
 * Servicing goes on in `service wait` (a heartbeat, or unhold): the first step once the agent is up after
 * prepare_service, else the waiting step again (a reserved one is over), then the steps after it.
 */
export async function continueService(deps: FlowDeps, task: NodeTask): Promise<void> {
  const info = task.node.driver_internal_info;
  const steps = (info.service_steps ?? []) as unknown as RunnableStep[];
  const index = info.service_step_index;
  if (index === undefined || index === null) {
    await advance(task, 'resume');
    return runServiceSteps(deps, task, steps, 0);
  }
  const step = steps[Number(index)];
  if (!step) return failService(deps, task, `Node ${task.node.uuid} was resumed but has no service step in progress`);
  try {
    if (!isReservedStep(step) && (await invokeStep(deps, task, step)) === 'wait') return;
  } catch (err) {
    return failService(deps, task, `Node ${task.node.uuid} failed step ${pyRepr(task.node.service_step)}: ${describeError(err)}`, true);
  }
  await advance(task, 'resume');
  await runServiceSteps(deps, task, steps, Number(index) + 1);
}
