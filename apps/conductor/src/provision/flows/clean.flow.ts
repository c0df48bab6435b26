import { ProvisionRequestParams, pyRepr } from '@ferrum/contracts';
import type { Step } from '@ferrum/drivers';
import { Invalid, InvalidParameterValue, NodeInMaintenance } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, checkPowerAndNetwork, describeError, fail } from './flow';
import { isReservedStep } from './reserved-steps';
import { afterCleanFailure, updateNodeCache, runCleanSteps, wipeCleaningInfo } from './steps';

type Info = Record<string, unknown>;

/**
 * Manual cleaning runs exactly the steps asked for, in the order given. As in Ironic's do_node_clean, power
 * and network are checked before the request is accepted, the steps by the worker afterwards: a bad one
 * ends in `clean failed`.
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
    await task.save({ driver_internal_info: { ...(wipeCleaningInfo(task.node.driver_internal_info) as Info), clean_steps: requested, cleaning_disable_ramdisk: false } as never });
    await updateNodeCache(this.deps, task);
    let steps: Step[];
    try {
      steps = this.userSteps(task, requested);
    } catch (err) {
      await fail(task, `Cannot clean node ${task.node.uuid}: ${describeError(err)}`, { clean_step: {}, driver_internal_info: afterCleanFailure(task.node.driver_internal_info) });
      return;
    }
    await task.save({ clean_step: {}, driver_internal_info: { ...task.node.driver_internal_info, clean_steps: steps as never, clean_step_index: null } });
    await runCleanSteps(this.deps, task, steps, 0, 'manage');
  }

  /** Ironic's _validate_user_clean_steps: every error, joined by "; ", in one InvalidParameterValue. */
  private userSteps(task: NodeTask, requested: NonNullable<ProvisionRequestParams['clean_steps']>): Step[] {
    const available = this.deps.drivers.steps(task.node, 'clean');
    const errors: string[] = [];
    const steps: Step[] = [];
    for (const user of requested) {
      if (isReservedStep(user)) {
        steps.push({ interface: user.interface, step: user.step, priority: 0, argsinfo: null, abortable: false, args: user.args ?? {} } as Step);
        continue;
      }
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
}
