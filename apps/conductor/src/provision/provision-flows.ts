import type { ProvisionRequestParams } from '@ferrum/contracts';
import { DriverRegistry, InspectionResult, Step, isInspectionResult, sortSteps } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import { ProvisionEvent, next } from '@ferrum/state-machines';
import type { NodeTask } from '../locks/task-manager';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** driver_internal_info without the step list and position a finished (or failed) deploy or clean leaves. */
const STEP_KEYS = ['deploy_steps', 'deploy_step_index', 'clean_steps', 'clean_step_index', 'agent_command'];
const withoutStepKeys = (info: Record<string, unknown>) => Object.fromEntries(Object.entries(info).filter(([k]) => !STEP_KEYS.includes(k))) as never;

/**
 * What happens after a user event's transition is saved, run by a worker that holds the node's lock.
 * Each flow moves the node on with internal events (done, wait, fail), saving every state before acting.
 */
export class ProvisionFlows {
  constructor(private readonly drivers: DriverRegistry) {}

  /** Applies an event to the node under the task's lock and saves the new state and target. */
  async advance(task: NodeTask, event: ProvisionEvent, extra: Record<string, unknown> = {}): Promise<void> {
    const to = next(task.node, event);
    await task.save({ provision_state: to.state, target_provision_state: to.target, provision_updated_at: new Date(), ...extra });
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
        return this.clean(task, this.automatedCleanSteps(task), 'done');
      case 'clean':
        return this.clean(task, this.manualCleanSteps(task, params), 'manage');
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

  /** Automated cleaning runs the steps with priority > 0 unless the node opted out (automated_clean=false). */
  private automatedCleanSteps(task: NodeTask): Step[] {
    if (task.node.automated_clean === false) return [];
    return this.drivers.steps(task.node, 'clean').filter((s) => s.priority > 0);
  }

  /**
   * Manual cleaning runs exactly the steps asked for, in the order given. Checked before the
   * transition is saved, so a bad step is a 400 and the node never leaves manageable.
   */
  manualCleanSteps(task: { node: NodeTask['node'] }, params: ProvisionRequestParams): Step[] {
    const available = this.drivers.steps(task.node, 'clean');
    return (params.clean_steps ?? []).map((requested) => {
      const found = available.find((s) => s.interface === requested.interface && s.step === requested.step);
      if (!found) {
        throw new InvalidParameterValue({
          message: `Clean step ${JSON.stringify(requested)} is not supported by node ${task.node.uuid}; available: ${available.map((s) => `${s.interface}.${s.step}`).join(', ') || 'none'}.`,
        });
      }
      return { ...found, argsinfo: found.argsinfo, args: requested.args ?? {} };
    });
  }

  private async clean(task: NodeTask, steps: Step[], finish: 'done' | 'manage'): Promise<void> {
    if (steps.length) await task.save({ driver_internal_info: { ...task.node.driver_internal_info, clean_steps: steps as never } });
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
    await this.advance(task, finish, { clean_step: {}, ...(steps.length ? { driver_internal_info: withoutStepKeys(task.node.driver_internal_info) } : {}) });
  }

  private async failClean(task: NodeTask, step: Step, err: unknown): Promise<void> {
    await this.fail(task, `Clean step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describe(err)}`, {
      clean_step: {},
      maintenance: true,
      fault: 'clean failure',
      driver_internal_info: withoutStepKeys(task.node.driver_internal_info),
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
      else await this.fail(task, `Deploy step ${step.interface}.${step.step} failed on node ${task.node.uuid}: ${describe(err)}`, { deploy_step: {}, driver_internal_info: withoutStepKeys(task.node.driver_internal_info) });
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
      await this.advance(task, 'done', { inspection_finished_at: new Date() });
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
      await deploy.prepare(task);
      await task.save({ driver_internal_info: { ...task.node.driver_internal_info, deploy_steps: steps as never } });
    } catch (err) {
      await this.fail(task, `Deploy step failed on node ${task.node.uuid}: ${describe(err)}`, { deploy_step: {} });
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
      await this.advance(task, 'done', { deploy_step: {}, driver_internal_info: withoutStepKeys(task.node.driver_internal_info) });
    } catch (err) {
      const step = task.node.deploy_step as { interface?: string; step?: string };
      const which = step.step ? ` ${step.interface}.${step.step}` : '';
      await this.fail(task, `Deploy step${which} failed on node ${task.node.uuid}: ${describe(err)}`, {
        deploy_step: {},
        driver_internal_info: withoutStepKeys(task.node.driver_internal_info),
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
    await this.advance(task, 'clean', { instance_info: {}, instance_uuid: null });
    await this.clean(task, this.automatedCleanSteps(task), 'done');
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
