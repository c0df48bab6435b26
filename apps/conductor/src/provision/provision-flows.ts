import { type ProvisionRequestParams, pyRepr } from '@ferrum/contracts';
import { DriverRegistry, InspectionResult, Step, isInspectionResult, sortSteps } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import { ProvisionEvent, next } from '@ferrum/state-machines';
import type { NodeTask } from '../locks/task-manager';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

type Info = Record<string, unknown>;
const without = (info: Info, keys: string[]): Info => Object.fromEntries(Object.entries(info).filter(([k]) => !keys.includes(k)));

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
const afterCleanFailure = (info: Info): never => without(info, ['clean_step_index', 'cleaning_reboot', 'cleaning_polling', 'skip_current_clean_step', 'agent_command']) as never;

/**
 * What happens after a user event's transition is saved, run by a worker that holds the node's lock.
 * Each flow moves the node on with internal events (done, wait, fail), saving every state before acting.
 */
export class ProvisionFlows {
  constructor(private readonly drivers: DriverRegistry) {}

  /** Applies an event to the node under the task's lock and saves the new state and target. */
  async advance(task: NodeTask, event: ProvisionEvent, extra: Record<string, unknown> = {}): Promise<void> {
    const to = next(task.node, event);
    // provision_updated_at and the inspection times follow from provision_state in NodeRepository.updateLocked.
    await task.save({ provision_state: to.state, target_provision_state: to.target, ...extra });
  }

  async fail(task: NodeTask, message: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.advance(task, 'fail', { last_error: message, ...extra });
  }

  /** Runs the flow that follows `event` (the node is already in the state `event` led to). */
  async run(task: NodeTask, event: ProvisionEvent, params: ProvisionRequestParams): Promise<void> {
    switch (event) {
      case 'manage':
        if (task.node.provision_state === 'verifying') return this.verify(task);
        return;
      case 'provide':
        return this.automatedClean(task);
      case 'clean':
        return this.manualClean(task, params);
      case 'inspect':
        return this.inspect(task);
      case 'deploy':
      case 'rebuild':
        return this.deploy(task, this.deploySteps(task, params));
      case 'delete':
        return this.tearDown(task);
      case 'adopt':
        return this.adopt(task);
      case 'rescue':
        return this.rescue(task);
      case 'unrescue':
        return this.unrescue(task);
      case 'abort':
        return this.abort(task);
      case 'done':
      case 'fail':
      case 'wait':
      case 'resume':
        return;
      default: {
        const unreachable: never = event;
        throw new Error(`no flow for ${String(unreachable)}`);
      }
    }
  }

  private async verify(task: NodeTask): Promise<void> {
    try {
      await this.drivers.get(task.node, 'power').validate(task);
      await this.drivers.get(task.node, 'management').validate(task);
      // As Ironic's do_node_verify: reading the power state proves the BMC takes the credentials.
      const power = await this.drivers.get(task.node, 'power').getPowerState(task);
      await this.advance(task, 'done', power ? { power_state: power } : {});
    } catch (err) {
      await this.fail(task, `Failed to verify node ${task.node.uuid}: ${describe(err)}`);
    }
  }

  /**
   * Automated cleaning runs the steps with priority > 0, unless it is skipped (Ironic's skip_automated_cleaning:
   * the node's automated_clean, or the conductor's when the node's is unset): then the node just moves on.
   */
  private async automatedClean(task: NodeTask): Promise<void> {
    if (!(task.node.automated_clean ?? this.automatedCleanDefault)) return this.advance(task, 'done', { clean_step: {} });
    return this.clean(task, this.drivers.steps(task.node, 'clean').filter((s) => s.priority > 0), 'done');
  }

  /** [conductor]automated_clean: whether a node with automated_clean unset is cleaned on provide and undeploy. */
  automatedCleanDefault = true;

  /**
   * Manual cleaning runs exactly the steps asked for, in the order given. As in Ironic, the steps are checked
   * against the driver's by the worker, after the request was accepted: a bad one ends in `clean failed`.
   */
  private async manualClean(task: NodeTask, params: ProvisionRequestParams): Promise<void> {
    const requested = params.clean_steps ?? [];
    await task.save({ driver_internal_info: { ...(wipeCleaningInfo(task.node.driver_internal_info) as Info), clean_steps: requested, cleaning_disable_ramdisk: false } as never });
    let steps: Step[];
    try {
      steps = this.userCleanSteps(task, requested);
    } catch (err) {
      await this.fail(task, `Cannot clean node ${task.node.uuid}: ${describe(err)}`, { clean_step: {}, driver_internal_info: afterCleanFailure(task.node.driver_internal_info) });
      return;
    }
    await task.save({ clean_step: {}, driver_internal_info: { ...task.node.driver_internal_info, clean_steps: steps as never, clean_step_index: null } });
    await this.runCleanSteps(task, steps, 0, 'manage');
  }

  /** Ironic's _validate_user_clean_steps: every error, joined by "; ", in one InvalidParameterValue. */
  private userCleanSteps(task: NodeTask, requested: NonNullable<ProvisionRequestParams['clean_steps']>): Step[] {
    const available = this.drivers.steps(task.node, 'clean');
    const errors: string[] = [];
    const steps: Step[] = [];
    for (const user of requested) {
      const found = available.find((s) => s.interface === user.interface && s.step === user.step);
      if (!found) {
        errors.push(`node does not support this clean step: ${pyRepr(user)}`);
        continue;
      }
      const args = user.args ?? {};
      const argsinfo = (found.argsinfo ?? {}) as Record<string, { required?: boolean; description?: string }>;
      const unexpected = Object.keys(args).filter((a) => !(a in argsinfo));
      if (unexpected.length) errors.push(`clean step ${pyRepr(user)} has these unexpected arguments: ${unexpected.join(', ')}`);
      const missing = Object.entries(argsinfo)
        .filter(([name, info]) => info.required && !(name in args))
        .map(([name, info]) => (info.description ? `${name} (${info.description})` : name));
      if (missing.length) errors.push(`clean step ${pyRepr(user)} is missing these required arguments: ${missing.join(', ')}`);
      steps.push({ ...found, args } as Step);
    }
    if (errors.length) throw new InvalidParameterValue({ message: errors.join('; ') });
    return steps;
  }

  private async clean(task: NodeTask, steps: Step[], finish: 'done' | 'manage'): Promise<void> {
    const info = wipeCleaningInfo(task.node.driver_internal_info) as Info;
    await task.save({ driver_internal_info: (steps.length ? { ...info, clean_steps: steps } : info) as never });
    await this.runCleanSteps(task, steps, 0, finish);
  }

  /**
   * Runs clean steps from `from` on. A step answering 'wait' (it needs the agent) leaves the node in
   * `clean wait` with the step list and position in driver_internal_info; the agent's heartbeat resumes it.
   */
  private async runCleanSteps(task: NodeTask, steps: Step[], from: number, finish: 'done' | 'manage'): Promise<void> {
    for (let i = from; i < steps.length; i++) {
      const step = steps[i];
      try {
        await task.save({
          clean_step: { interface: step.interface, step: step.step, priority: step.priority },
          driver_internal_info: { ...task.node.driver_internal_info, clean_step_index: i },
        });
        if ((await this.invokeStep(task, step)) === 'wait') {
          await this.advance(task, 'wait');
          return;
        }
      } catch (err) {
        await this.failClean(task, step, err);
        return;
      }
    }
    await this.advance(task, finish, { clean_step: {}, driver_internal_info: wipeCleaningInfo(task.node.driver_internal_info) });
  }

  private async failClean(task: NodeTask, step: Step, err: unknown): Promise<void> {
    await this.fail(task, `Clean step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describe(err)}`, {
      clean_step: {},
      maintenance: true,
      fault: 'clean failure',
      driver_internal_info: afterCleanFailure(task.node.driver_internal_info),
    });
  }

  /**
   * An agent heartbeat in `wait call-back` or `clean wait`: the waiting step runs again with the heartbeat's
   * token and URL on the task; when it is done the node goes on with the steps after it.
   */
  async resume(task: NodeTask): Promise<void> {
    const info = task.node.driver_internal_info;
    const cleaning = task.node.provision_state === 'clean wait';
    const steps = ((cleaning ? info.clean_steps : info.deploy_steps) ?? []) as unknown as Step[];
    const index = Number(cleaning ? info.clean_step_index : info.deploy_step_index);
    const step = steps[index];
    if (!step) {
      await this.fail(task, `Node ${task.node.uuid} was resumed by a heartbeat but has no ${cleaning ? 'clean' : 'deploy'} step in progress`);
      return;
    }
    let result: unknown;
    try {
      result = await this.invokeStep(task, step);
    } catch (err) {
      if (cleaning) await this.failClean(task, step, err);
      else await this.fail(task, `Deploy step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describe(err)}`, { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
      return;
    }
    if (result === 'wait') return;
    await this.advance(task, 'resume');
    if (cleaning) await this.runCleanSteps(task, steps, index + 1, task.node.target_provision_state === 'manageable' ? 'manage' : 'done');
    else await this.runDeploySteps(task, steps, index + 1);
  }

  private async inspect(task: NodeTask): Promise<void> {
    try {
      const result = await this.drivers.get(task.node, 'inspect').inspectHardware(task);
      if (result === 'wait') return await this.advance(task, 'wait');
      if (isInspectionResult(result)) await this.saveInspection?.(task, result);
      await this.advance(task, 'done');
    } catch (err) {
      await this.fail(task, `Failed to inspect hardware of node ${task.node.uuid}: ${describe(err)}`);
    }
  }

  /** Aborting `inspect wait` (the node is in `inspect failed` now) also stops the asynchronous inspection. */
  private async abort(task: NodeTask): Promise<void> {
    if (task.node.provision_state !== 'inspect failed') return;
    const inspect = this.drivers.get(task.node, 'inspect');
    // The node already shows the abort; a failure to reach the inspector must not undo that (its timeout ends the run).
    await inspect.abortInspection?.(task).catch((err: unknown) => this.onAbortError?.(task.node.uuid, err));
  }

  /** Saves an out-of-band inspection's properties and ports (the service gives it the repositories). */
  saveInspection?: (task: NodeTask, result: InspectionResult) => Promise<void>;

  /** Where a failed inspection abort is reported (the service logs it). */
  onAbortError?: (node: string, err: unknown) => void;

  /**
   * The driver's deploy steps, with the user's `deploy_steps` applied: a user step sets the priority (0
   * turns it off) and arguments of a step the node has, as Ironic's deploy templates do. An unknown step
   * is a 400, checked before the transition is saved.
   */
  deploySteps(task: { node: NodeTask['node'] }, params: ProvisionRequestParams): (Step & { args?: Record<string, unknown> })[] {
    const byKey = new Map<string, Step & { args?: Record<string, unknown> }>(
      this.drivers.steps(task.node, 'deploy').map((s) => [`${s.interface}.${s.step}`, s]),
    );
    for (const requested of params.deploy_steps ?? []) {
      const key = `${requested.interface}.${requested.step}`;
      const found = byKey.get(key);
      if (!found) {
        throw new InvalidParameterValue({
          message: `Deploy step ${JSON.stringify(requested)} is not supported by node ${task.node.uuid}; available: ${[...byKey.keys()].join(', ') || 'none'}.`,
        });
      }
      byKey.set(key, { ...found, priority: requested.priority, args: requested.args ?? {} });
    }
    return sortSteps([...byKey.values()]).filter((s) => s.priority > 0);
  }

  private async deploy(task: NodeTask, steps: Step[]): Promise<void> {
    const deploy = this.drivers.get(task.node, 'deploy');
    try {
      await task.save({ driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
      await deploy.prepare(task);
      await task.save({ driver_internal_info: { ...task.node.driver_internal_info, deploy_steps: steps as never } });
    } catch (err) {
      await this.fail(task, `Deploy step failed on node ${task.node.uuid}: ${describe(err)}`, { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
      return;
    }
    await this.runDeploySteps(task, steps, 0);
  }

  /** Runs deploy steps from `from` on; 'wait' parks the node in `wait call-back` until the agent's heartbeat resumes it. */
  private async runDeploySteps(task: NodeTask, steps: Step[], from: number): Promise<void> {
    try {
      for (let i = from; i < steps.length; i++) {
        const step = steps[i];
        await task.save({
          deploy_step: { interface: step.interface, step: step.step, priority: step.priority },
          driver_internal_info: { ...task.node.driver_internal_info, deploy_step_index: i },
        });
        if ((await this.invokeStep(task, step)) === 'wait') {
          await this.advance(task, 'wait');
          return;
        }
      }
      await this.advance(task, 'done', { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
    } catch (err) {
      const step = task.node.deploy_step as { interface?: string; step?: string };
      const which = step.step ? ` ${step.interface}.${step.step}` : '';
      await this.fail(task, `Deploy step${which} failed on node ${task.node.uuid}: ${describe(err)}`, {
        deploy_step: {},
        driver_internal_info: wipeDeployInfo(task.node.driver_internal_info),
      });
    }
  }

  /** Undeploy: tear down, forget the instance, then clean (automated) on the way back to available. */
  private async tearDown(task: NodeTask): Promise<void> {
    try {
      const deploy = this.drivers.get(task.node, 'deploy');
      await deploy.tearDown(task);
      await deploy.cleanUp(task);
    } catch (err) {
      await this.fail(task, `Error while tearing down node ${task.node.uuid}: ${describe(err)}`);
      return;
    }
    const info = without(task.node.driver_internal_info, ['instance', 'root_uuid_or_disk_id', 'is_whole_disk_image', 'is_source_a_path', 'deploy_boot_mode']);
    await this.advance(task, 'clean', { instance_info: {}, instance_uuid: null, driver_internal_info: wipeDeployInfo(info) });
    await this.automatedClean(task);
  }

  private async adopt(task: NodeTask): Promise<void> {
    try {
      await this.drivers.get(task.node, 'deploy').takeOver(task);
      await this.advance(task, 'done');
    } catch (err) {
      await this.fail(task, `Error while attempting to adopt node ${task.node.uuid}: ${describe(err)}`);
    }
  }

  private async rescue(task: NodeTask): Promise<void> {
    try {
      const result = await this.drivers.get(task.node, 'rescue').rescue(task);
      await this.advance(task, result === 'wait' ? 'wait' : 'done');
    } catch (err) {
      await this.fail(task, `Failed to rescue node ${task.node.uuid}: ${describe(err)}`);
    }
  }

  private async unrescue(task: NodeTask): Promise<void> {
    try {
      await this.drivers.get(task.node, 'rescue').unrescue(task);
      await this.advance(task, 'done');
    } catch (err) {
      await this.fail(task, `Failed to unrescue node ${task.node.uuid}: ${describe(err)}`);
    }
  }

  private async invokeStep(task: NodeTask, step: Step & { args?: Record<string, unknown> }): Promise<unknown> {
    const iface = this.drivers.get(task.node, step.interface) as unknown as Record<string, (t: NodeTask, a: unknown) => Promise<unknown>>;
    const method = iface[step.step];
    if (typeof method !== 'function') throw new InvalidParameterValue({ message: `No method ${step.step} on ${step.interface} interface` });
    return method.call(iface, task, step.args ?? {});
  }
}
