import { ProvisionRequestParams, pyRepr } from '@ferrum/contracts';
import type { Step } from '@ferrum/drivers';
import { NodeInMaintenance } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, advance, checkPowerAndNetwork, describeError, fail } from './flow';
import { isReservedStep, runReservedStep } from './reserved-steps';
import { RunnableStep, invokeStep, userSteps, without } from './steps';

type Info = Record<string, unknown>;

/** Ironic's wipe_service_internal_info: the step list stays as an explicit null, position and flags go. */
export const wipeServiceInfo = (info: Info): never =>
  ({ ...without(info, ['agent_cached_service_steps', 'service_step_index', 'service_disable_ramdisk', 'steps_validated', 'agent_command']), service_steps: null }) as never;

/**
 * service (API 1.87): steps on an active node — firmware, BIOS, RAID — then back to `active`. As Ironic's
 * do_node_service: power and network are checked before the request is accepted; the steps asked for are
 * checked (arguments, and with disable_ramdisk that none needs the agent); the deploy interface prepares the
 * node only when a step needs the agent (the agent boots and calls back first, for `direct`); the steps run in
 * the order given (reserved ones too), and the node returns to its instance. A failure ends in `service failed`.
 */
export class ServiceFlow implements ProvisionFlow {
  constructor(private readonly deps: FlowDeps) {}

  async validate(task: NodeTask, _params: ProvisionRequestParams): Promise<void> {
    const { node } = task;
    if (node.maintenance) throw new NodeInMaintenance({ op: 'service', node: node.uuid });
    await checkPowerAndNetwork(this.deps, task, 'servicing');
  }

  entry() {
    return { service_step: {} };
  }

  async run(task: NodeTask, params: ProvisionRequestParams): Promise<void> {
    const requested = params.service_steps ?? [];
    // 1.108: out-of-band steps only, the node left running its instance (no agent booted, nothing torn down).
    const disableRamdisk = params.disable_ramdisk === true;
    await task.save({ driver_internal_info: { ...(wipeServiceInfo(task.node.driver_internal_info) as Info), service_steps: requested, service_disable_ramdisk: disableRamdisk } as never });
    let steps: Step[];
    try {
      steps = userSteps(this.deps, task, requested, 'service', disableRamdisk);
    } catch (err) {
      await failService(this.deps, task, `Cannot service node ${task.node.uuid}: ${describeError(err)}`);
      return;
    }
    // As Ironic's do_node_service: the agent boots only for a step that needs it (reserved steps do not); the
    // others run beside the instance, as with disable_ramdisk.
    const withRamdisk = !disableRamdisk && steps.some((s) => s.requires_ramdisk === true);
    await task.save({ driver_internal_info: { ...task.node.driver_internal_info, service_steps: steps as never, service_disable_ramdisk: !withRamdisk } });
    let prepared: unknown;
    try {
      prepared = withRamdisk ? await this.deps.drivers.get(task.node, 'deploy').prepareService?.(task) : undefined;
    } catch (err) {
      await failService(this.deps, task, `Failed to prepare node ${task.node.uuid} for service: ${describeError(err)}`);
      return;
    }
    // The agent calls back before any step runs (resumeSteps starts at the first).
    if (prepared === 'wait') return advance(task, 'wait');
    await runServiceSteps(this.deps, task, steps, 0);
  }
}

/**
 * Runs service steps from `from` on; a step answering 'wait' leaves the node in `service wait` until the agent's
 * heartbeat, `hold` in `service hold`. After the last one the node returns to its instance and to `active`.
 */
export async function runServiceSteps(deps: FlowDeps, task: NodeTask, steps: RunnableStep[], from: number): Promise<void> {
  for (let i = from; i < steps.length; i++) {
    const step = steps[i];
    try {
      await task.save({
        service_step: { interface: step.interface, step: step.step, priority: step.priority, args: step.args ?? {} },
        driver_internal_info: { ...task.node.driver_internal_info, service_step_index: i },
      });
      if (isReservedStep(step)) {
        if ((await runReservedStep(deps, task, step)) === 'stop') return;
        continue;
      }
      if ((await invokeStep(deps, task, step)) === 'wait') return advance(task, 'wait');
    } catch (err) {
      await failService(deps, task, `Node ${task.node.uuid} failed step ${pyRepr(task.node.service_step)}: ${describeError(err)}`, true);
      return;
    }
  }
  try {
    const withRamdisk = task.node.driver_internal_info.service_disable_ramdisk !== true;
    await task.save({ service_step: {}, driver_internal_info: wipeServiceInfo(task.node.driver_internal_info) });
    if (withRamdisk) await deps.drivers.get(task.node, 'deploy').tearDownService?.(task);
  } catch (err) {
    await failService(deps, task, `Failed to tear down from service for node ${task.node.uuid}, reason: ${describeError(err)}`, false, false);
    return;
  }
  await advance(task, 'done');
}

/**
 * Ironic's servicing_error_handler: `service failed` with the message, maintenance (fault `service failure`)
 * when a step was running, the node returned to its instance where possible, the step and flags cleared.
 */
export async function failService(deps: FlowDeps, task: NodeTask, message: string, duringStep = false, tearDown = true): Promise<void> {
  let error = message;
  // The fault comes first, as in Ironic: the agent deploy's tear-down then leaves the machine as it is.
  if (duringStep) await task.save({ maintenance: true, fault: 'service failure' });
  if (tearDown && task.node.driver_internal_info.service_disable_ramdisk !== true) {
    await Promise.resolve(deps.drivers.get(task.node, 'deploy').tearDownService?.(task)).catch(() => {
      error = `${message}. Also failed to tear down servicing.`;
    });
  }
  await fail(task, error, {
    service_step: {},
    driver_internal_info: without(task.node.driver_internal_info, ['service_step_index', 'agent_command', 'agent_url', 'agent_secret_token']),
    ...(duringStep ? { maintenance_reason: task.node.maintenance_reason ?? error } : {}),
  });
}
