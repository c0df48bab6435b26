import { pyRepr, type ProvisionRequestParams, type DeployTemplateStep } from '@ferrum/contracts';
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

/** Whether a clean step is under way (Ironic's `if not node.clean_step`: none, or an empty one, is not). */
export const hasCleanStep = (step: unknown): boolean => !!step && typeof step === 'object' && Object.keys(step).length > 0;

/** Manual cleaning is the one heading back to `manageable` (Ironic's test in do_next_clean_step). */
export const isManualClean = (task: NodeTask): boolean => task.node.target_provision_state === 'manageable';

/** The clean steps a manual clean asks for, as the request gives them. */
export type UserCleanSteps = NonNullable<ProvisionRequestParams['clean_steps']>;

/**
 * A step as a message quotes it: Ironic quotes the step as the request gave it (its database keeps JSON text),
 * PostgreSQL's jsonb keeps keys in its own order; so the keys a step is written with come first, in the order
 * the API reference, clients and users write them.
 */
function quoted(step: Record<string, unknown>): string {
  const first = ['interface', 'step', 'args', 'priority'].filter((k) => k in step);
  return pyRepr(Object.fromEntries([...first, ...Object.keys(step).filter((k) => !first.includes(k))].map((k) => [k, step[k]])));
}

/**
 * Ironic's _validate_user_steps for clean and service steps: each step asked for must be a step of that kind of
 * the node's interfaces (or a reserved one), with the arguments it declares, and — with disable_ramdisk — one
 * that needs no agent; every error, joined by "; ", in one InvalidParameterValue.
 */
export function userSteps(deps: FlowDeps, task: NodeTask, requested: UserCleanSteps, kind: 'clean' | 'service', disableRamdisk = false): Step[] {
  const available = deps.drivers.steps(task.node, kind);
  const errors: string[] = [];
  const steps: Step[] = [];
  for (const user of requested) {
    if (isReservedStep(user)) {
      steps.push({ interface: user.interface, step: user.step, priority: 0, argsinfo: null, abortable: false, args: user.args ?? {} } as Step);
      continue;
    }
    const found = available.find((s) => s.interface === user.interface && s.step === user.step);
    if (!found) {
      errors.push(`node does not support this ${kind} step: ${quoted(user)}`);
      continue;
    }
    const args = user.args ?? {};
    const argsinfo = (found.argsinfo ?? {}) as Record<string, { required?: boolean; description?: string }>;
    const unexpected = Object.keys(args).filter((a) => !(a in argsinfo));
    if (unexpected.length) errors.push(`${kind} step ${quoted(user)} has these unexpected arguments: ${unexpected.join(', ')}`);
    const missing = Object.entries(argsinfo)
      .filter(([name, info]) => info.required && !(name in args))
      .map(([name, info]) => (info.description ? `${name} (${info.description})` : name));
    if (missing.length) errors.push(`${kind} step ${quoted(user)} is missing these required arguments: ${missing.join(', ')}`);
    if (disableRamdisk && found.requires_ramdisk !== false) errors.push(`${kind} step ${quoted(user)} requires booting a ramdisk`);
    steps.push({ ...found, args } as Step);
  }
  if (errors.length) throw new InvalidParameterValue({ message: errors.join('; ') });
  return steps;
}

/**
 * Ironic's set_node_cleaning_steps: the steps of this clean — for a manual one the steps asked for (kept in
 * driver_internal_info.clean_steps), checked against the node's; for an automated one the node's steps of
 * priority > 0 — saved as the node's clean_steps, with no step under way yet. `requested`: the request's steps
 * as sent, when still at hand (their keys keep the order a message quoting them shows, as in Ironic's memory).
 */
export async function setCleaningSteps(deps: FlowDeps, task: NodeTask, requested?: UserCleanSteps): Promise<Step[]> {
  const info = task.node.driver_internal_info;
  const steps = isManualClean(task)
    ? userSteps(deps, task, requested ?? ((info.clean_steps ?? []) as unknown as UserCleanSteps), 'clean', info.cleaning_disable_ramdisk === true)
    : deps.drivers.steps(task.node, 'clean').filter((s) => s.priority > 0);
  await task.save({ clean_step: {}, driver_internal_info: { ...info, clean_steps: steps as never, clean_step_index: null } });
  return steps;
}

/**
 * The rest of Ironic's do_node_clean, once the step list asked for and `cleaning_disable_ramdisk` are saved: the
 * deploy interface prepares cleaning (for `direct`, the agent boots) unless disable_ramdisk. When that means
 * waiting, the node waits in `clean wait` with no clean step until the agent's first heartbeat
 * (startCleanStepsOnHeartbeat); otherwise the steps are worked out and run at once (the fake deploy).
 */
export async function prepareAndClean(deps: FlowDeps, task: NodeTask, disableRamdisk: boolean, requested?: UserCleanSteps): Promise<void> {
  let prepared: unknown;
  try {
    prepared = disableRamdisk ? undefined : await deps.drivers.get(task.node, 'deploy').prepareCleaning?.(task);
  } catch (err) {
    return failCleaning(deps, task, `Failed to prepare node ${task.node.uuid} for cleaning: ${describeError(err)}`);
  }
  if (prepared === 'wait') return advance(task, 'wait', { clean_step: {} });
  let steps: Step[];
  try {
    steps = await setCleaningSteps(deps, task, requested);
  } catch (err) {
    return failCleaning(deps, task, `Cannot clean node ${task.node.uuid}: ${describeError(err)}`);
  }
  await runCleanSteps(deps, task, steps, 0);
}

/**
 * Ironic's _heartbeat_clean_wait for a node that has just booted the agent (no clean step yet): cleaning
 * resumes, the step list is worked out now that the agent is up (Ironic refreshes the agent's steps here; a
 * Ferrum driver declares its steps itself) and the steps run from the first.
 */
export async function startCleanStepsOnHeartbeat(deps: FlowDeps, task: NodeTask): Promise<void> {
  let steps: Step[];
  try {
    await advance(task, 'resume');
    steps = await setCleaningSteps(deps, task);
  } catch (err) {
    return failCleaning(deps, task, `Node failed to start the first cleaning step: ${describeError(err)}`);
  }
  await runCleanSteps(deps, task, steps, 0);
}

/**
 * Runs clean steps from `from` on. A step answering 'wait' (it needs the agent) leaves the node in
 * `clean wait` with the step list and position in driver_internal_info; the agent's heartbeat resumes it.
 * After the last one (Ironic's do_next_clean_step) the step list goes, cleaning is torn down (the agent powered
 * off) unless disable_ramdisk, and the node goes on: to `manageable` after a manual clean, else `available`.
 */
export async function runCleanSteps(deps: FlowDeps, task: NodeTask, steps: Step[], from: number): Promise<void> {
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
      await failClean(deps, task, step, err);
      return;
    }
  }
  const finish = isManualClean(task) ? 'manage' : 'done';
  const withRamdisk = task.node.driver_internal_info.cleaning_disable_ramdisk !== true;
  const done = { clean_step: {}, driver_internal_info: wipeCleaningInfo(task.node.driver_internal_info) };
  const deploy = deps.drivers.get(task.node, 'deploy');
  if (!withRamdisk || !deploy.tearDownCleaning) return advance(task, finish, done);
  await task.save(done);
  try {
    await deploy.tearDownCleaning(task);
  } catch (err) {
    return failCleaning(deps, task, `Failed to tear down from cleaning for node ${task.node.uuid}, reason: ${describeError(err)}`, false, false);
  }
  await advance(task, finish);
}

/** A clean step failed (Ironic's cleaning_error_handler while a step runs: maintenance, fault `clean failure`). */
export async function failClean(deps: FlowDeps, task: NodeTask, step: Step, err: unknown): Promise<void> {
  await failCleaning(deps, task, `Clean step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describeError(err)}`, true);
}

/**
 * Ironic's cleaning_error_handler: maintenance with fault `clean failure` when a step was under way, cleaning
 * torn down (whatever disable_ramdisk; the agent deploy leaves a machine whose step failed as it is), the
 * position and flags cleared, and `clean failed` with the message.
 */
export async function failCleaning(deps: FlowDeps, task: NodeTask, message: string, duringStep = false, tearDown = true): Promise<void> {
  let error = message;
  const maintenance = duringStep ? { maintenance: true, fault: 'clean failure' } : {};
  const deploy = deps.drivers.get(task.node, 'deploy');
  if (tearDown && deploy.tearDownCleaning) {
    if (duringStep) await task.save(maintenance);
    await Promise.resolve(deploy.tearDownCleaning(task)).catch(() => {
      error = `${message}. Also failed to tear down cleaning.`;
    });
  }
  await fail(task, error, { clean_step: {}, ...maintenance, driver_internal_info: afterCleanFailure(task.node.driver_internal_info) });
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
 * Automated cleaning (Ironic's do_node_clean without steps) runs the node's steps with priority > 0, unless it
 * is skipped (Ironic's skip_automated_cleaning: the node's automated_clean, or the conductor's when the node's
 * is unset): then the node just moves on. The agent boots first for the `direct` deploy (prepareAndClean).
 */
export async function automatedClean(deps: FlowDeps, task: NodeTask): Promise<void> {
  if (!(task.node.automated_clean ?? deps.automatedCleanDefault)) return advance(task, 'done', { clean_step: {} });
  await task.save({ driver_internal_info: wipeCleaningInfo(task.node.driver_internal_info) });
  await updateNodeCache(deps, task);
  await prepareAndClean(deps, task, false);
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
