import type { ProvisionRequestParams, DeployTemplateStep } from '@ferrum/contracts';
import { Step, sortSteps } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, advance, describeError, fail } from './flow';
import { startConsoleAfterDeploy } from '../../console/console-after-deploy';
import { isReservedStep, runReservedStep } from './reserved-steps';

type Info = Record<string, unknown>;
const without = (info: Info, keys: string[]): Info => Object.fromEntries(Object.entries(info).filter(([k]) => !keys.includes(k)));
export { without };

/**
 * Ironic's wipe_deploy_internal_info, run as a deploy starts, ends, fails and is torn down: the step list
 * stays as an explicit null, the position and flags go (agent_command is Ferrum's own in-flight command).
 */
export const wipeDeployInfo = (info: Info): never =>
  ({
    ...without(info, ['user_deploy_steps', 'agent_cached_deploy_steps', 'deploy_step_index', 'deployment_reboot', 'deployment_polling', 'skip_current_deploy_step', 'steps_validated', 'agent_command']),
    deploy_steps: null,
  }) as never;

/** Ironic's wipe_cleaning_internal_info, run as a (not skipped) clean starts and ends. */
export const wipeCleaningInfo = (info: Info): never =>
  ({
    ...without(info, ['agent_cached_clean_steps', 'clean_step_index', 'cleaning_reboot', 'cleaning_polling', 'cleaning_disable_ramdisk', 'skip_current_clean_step', 'steps_validated', 'agent_command']),
    clean_steps: null,
  }) as never;

/** What Ironic's cleaning_error_handler drops: the position, not the step list (kept for debugging). */
export const afterCleanFailure = (info: Info): never => without(info, ['clean_step_index', 'cleaning_reboot', 'cleaning_polling', 'skip_current_clean_step', 'agent_command']) as never;

export type RunnableStep = Step & { args?: Record<string, unknown> };

/** Calls a step's method on its interface: it returns 'wait' when it needs the agent to call back. */
export async function invokeStep(deps: FlowDeps, task: NodeTask, step: RunnableStep): Promise<unknown> {
  const iface = deps.drivers.get(task.node, step.interface) as unknown as Record<string, (t: NodeTask, a: unknown) => Promise<unknown>>;
  const method = iface[step.step];
  if (typeof method !== 'function') throw new InvalidParameterValue({ message: `No method ${step.step} on ${step.interface} interface` });
  return method.call(iface, task, step.args ?? {});
}

/**
 * Runs clean steps from `from` on. A step answering 'wait' (it needs the agent) leaves the node in
 * `clean wait` with the step list and position in driver_internal_info; the agent's heartbeat resumes it.
 */
export async function runCleanSteps(deps: FlowDeps, task: NodeTask, steps: Step[], from: number, finish: 'done' | 'manage'): Promise<void> {
  for (let i = from; i < steps.length; i++) {
    const step = steps[i];
    try {
      await task.save({
        clean_step: { interface: step.interface, step: step.step, priority: step.priority },
        driver_internal_info: { ...task.node.driver_internal_info, clean_step_index: i },
      });
      if (isReservedStep(step)) {
        if ((await runReservedStep(deps, task, step)) === 'stop') return;
        continue;
      }
      if ((await invokeStep(deps, task, step)) === 'wait') {
        await advance(task, 'wait');
        return;
      }
    } catch (err) {
      await failClean(task, step, err);
      return;
    }
  }
  await advance(task, finish, { clean_step: {}, driver_internal_info: wipeCleaningInfo(task.node.driver_internal_info) });
}

export async function failClean(task: NodeTask, step: Step, err: unknown): Promise<void> {
  await fail(task, `Clean step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describeError(err)}`, {
    clean_step: {},
    maintenance: true,
    fault: 'clean failure',
    driver_internal_info: afterCleanFailure(task.node.driver_internal_info),
  });
}

/**
 * Ironic's node_cache_bios_settings and node_cache_firmware_components, when a node is verified and before it
 * is cleaned: the BIOS settings in force and the firmware components become the node's cached ones. An
 * interface without them, or a BMC that fails, only gets a warning (Ironic's "the caller expects this function
 * to never fail").
 */
export async function updateNodeCache(deps: FlowDeps, task: NodeTask): Promise<void> {
  const bios = deps.drivers.get(task.node, 'bios');
  if (bios.cacheSettings) await bios.cacheSettings(task).catch((err: unknown) => deps.onBiosCacheError?.(task.node.uuid, err));
  const firmware = deps.drivers.get(task.node, 'firmware');
  if (firmware.cacheFirmwareComponents) {
    await firmware
      .validate(task)
      .then(() => firmware.cacheFirmwareComponents!(task))
      .catch((err: unknown) => deps.onFirmwareCacheError?.(task.node.uuid, err));
  }
}

/**
 * Automated cleaning runs the steps with priority > 0, unless it is skipped (Ironic's skip_automated_cleaning:
 * the node's automated_clean, or the conductor's when the node's is unset): then the node just moves on.
 */
export async function automatedClean(deps: FlowDeps, task: NodeTask): Promise<void> {
  if (!(task.node.automated_clean ?? deps.automatedCleanDefault)) return advance(task, 'done', { clean_step: {} });
  await updateNodeCache(deps, task);
  const steps = deps.drivers.steps(task.node, 'clean').filter((s) => s.priority > 0);
  const info = wipeCleaningInfo(task.node.driver_internal_info) as Info;
  await task.save({ driver_internal_info: (steps.length ? { ...info, clean_steps: steps } : info) as never });
  await runCleanSteps(deps, task, steps, 0, 'done');
}

/**
 * The steps of the deploy templates the instance asks for: Ironic matches template names against the
 * instance's traits (instance_info.traits, the node's traits a flavor or image requested).
 */
export async function templateSteps(deps: FlowDeps, node: NodeTask['node']): Promise<DeployTemplateStep[]> {
  const traits = node.instance_info?.traits;
  if (!Array.isArray(traits) || !traits.length || !deps.deployTemplateSteps) return [];
  return deps.deployTemplateSteps(traits.filter((t): t is string => typeof t === 'string'));
}

/**
 * The driver's deploy steps, with the matching deploy templates' steps and then the user's `deploy_steps`
 * applied (a user step overrides a template's): each sets the priority (0 turns it off) and arguments of a
 * step the node has. An unknown step is a 400, checked before the transition is saved.
 */
export function deploySteps(
  deps: FlowDeps,
  task: { node: NodeTask['node'] },
  params: ProvisionRequestParams,
  fromTemplates: DeployTemplateStep[] = [],
): RunnableStep[] {
  const byKey = new Map<string, RunnableStep>(deps.drivers.steps(task.node, 'deploy').map((s) => [`${s.interface}.${s.step}`, s]));
  const user = params.deploy_steps ?? [];
  const userKeys = new Set(user.map((s) => `${s.interface}.${s.step}`));
  const requested = [...fromTemplates.filter((s) => !userKeys.has(`${s.interface}.${s.step}`)), ...user];
  for (const step of requested) {
    const key = `${step.interface}.${step.step}`;
    const found = byKey.get(key) ?? (isReservedStep(step) ? ({ interface: step.interface, step: step.step, argsinfo: null } as RunnableStep) : undefined);
    if (!found) {
      const source = fromTemplates.includes(step as DeployTemplateStep) ? ' (from a deploy template matching the instance traits)' : '';
      throw new InvalidParameterValue({
        message: `Deploy step ${JSON.stringify(step)}${source} is not supported by node ${task.node.uuid}; available: ${[...byKey.keys()].join(', ') || 'none'}.`,
      });
    }
    byKey.set(key, { ...found, priority: Number(step.priority), args: step.args ?? {} });
  }
  return sortSteps([...byKey.values()]).filter((s) => s.priority > 0);
}

/** Runs deploy steps from `from` on; 'wait' parks the node in `wait call-back` until the agent's heartbeat resumes it. */
export async function runDeploySteps(deps: FlowDeps, task: NodeTask, steps: Step[], from: number): Promise<void> {
  try {
    for (let i = from; i < steps.length; i++) {
      const step = steps[i];
      await task.save({
        deploy_step: { interface: step.interface, step: step.step, priority: step.priority },
        driver_internal_info: { ...task.node.driver_internal_info, deploy_step_index: i },
      });
      if (isReservedStep(step)) {
        if ((await runReservedStep(deps, task, step)) === 'stop') return;
        continue;
      }
      if ((await invokeStep(deps, task, step)) === 'wait') {
        await advance(task, 'wait');
        return;
      }
    }
    const consoleChanges = await startConsoleAfterDeploy(deps.drivers, task);
    await advance(task, 'done', { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info), ...consoleChanges });
  } catch (err) {
    const step = task.node.deploy_step as { interface?: string; step?: string };
    const which = step.step ? ` ${step.interface}.${step.step}` : '';
    await fail(task, `Deploy step${which} failed on node ${task.node.uuid}: ${describeError(err)}`, {
      deploy_step: {},
      driver_internal_info: wipeDeployInfo(task.node.driver_internal_info),
    });
  }
}
