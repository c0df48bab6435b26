import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, advance, describeError, fail } from './flow';
import { isReservedStep } from './reserved-steps';
import { RunnableStep, failClean, invokeStep, runCleanSteps, runDeploySteps, wipeDeployInfo } from './steps';

/**
 * An agent heartbeat in `wait call-back` or `clean wait`: the waiting step runs again with the heartbeat's
 * token and URL on the task; when it is done the node goes on with the steps after it.
 */
export async function resumeSteps(deps: FlowDeps, task: NodeTask): Promise<void> {
  const info = task.node.driver_internal_info;
  const cleaning = task.node.provision_state === 'clean wait';
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
    if (cleaning) await failClean(task, step, err);
    else await fail(task, `Deploy step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describeError(err)}`, { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
    return;
  }
  if (result === 'wait') return;
  await advance(task, 'resume');
  if (cleaning) await runCleanSteps(deps, task, steps, index + 1, task.node.target_provision_state === 'manageable' ? 'manage' : 'done');
  else await runDeploySteps(deps, task, steps, index + 1);
}
