import { type Dict, naiveUtcNow, POWER_OFF, POWER_ON, PowerTarget, REBOOT, SOFT_POWER_OFF, SOFT_REBOOT, powerTargetEndState } from '@ferrum/contracts';
import { type DriverRegistry, withoutAgentBoot } from '@ferrum/drivers';
import { PowerStateFailure } from '@ferrum/errors';
import { FAILURE_STATES } from '@ferrum/state-machines';
import type { NodeTask } from '../locks/task-manager';

/** Targets after which the agent that ran on the machine is gone (Ironic's wipe_internal_info_on_power_off). */
const ENDS_AGENT: readonly PowerTarget[] = [POWER_OFF, SOFT_POWER_OFF, REBOOT, SOFT_REBOOT];

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** driver_internal_info as a power action toward `target` starts: stamped, and without the agent's boot if the action ends it. */
export function startedInternalInfo(info: Dict, target: PowerTarget): Dict {
  return { ...(ENDS_AGENT.includes(target) ? withoutAgentBoot(info) : info), last_power_state_change: naiveUtcNow() };
}

export interface PowerActionOptions {
  /**
   * The caller already saved the action's start (target, cleared last_error, startedInternalInfo) with the
   * write the API waited for; this is driver_internal_info as it was before that. Saves a commit per action.
   */
  startedFrom?: Dict;
  /** The action is the job's last work: its last write also gives the lock back (task.saveAndRelease). */
  last?: boolean;
}

/**
 * Ironic's node_power_action, under the task's lock. Power on/off (and soft off) to the state the node is
 * already in changes nothing but the record; anything else stamps `last_power_state_change`, saves the
 * target, acts, and records the outcome. A failure is saved in last_error and rethrown.
 */
export async function nodePowerAction(drivers: DriverRegistry, task: NodeTask, target: PowerTarget, timeoutS?: number, options: PowerActionOptions = {}): Promise<void> {
  // 1.95: a node that must stay on is never powered off, whoever asks (Ironic's node_power_action).
  if (powerTargetEndState(target) === POWER_OFF && task.node.disable_power_off) throw new PowerStateFailure({ pstate: target });
  const power = drivers.power(task.node);
  const before = options.startedFrom ?? task.node.driver_internal_info;
  const wipe = (info: Dict) => (ENDS_AGENT.includes(target) ? withoutAgentBoot(info) : info);
  const finish = (changes: Dict) => (options.last ? task.saveAndRelease(changes) : task.save(changes));
  if (target === POWER_ON || target === POWER_OFF || target === SOFT_POWER_OFF) {
    let current: Awaited<ReturnType<typeof power.getPowerState>>;
    try {
      current = await power.getPowerState(task);
    } catch (err) {
      await finish({ target_power_state: null, last_error: `Failed to change power state to '${target}': ${describe(err)}` });
      throw err;
    }
    if (current === powerTargetEndState(target)) {
      // Already there: not an error, so the previous operation's last_error goes (Ironic's _not_going_to_change).
      // Nothing was done, so no change is stamped (a start saved early is taken back).
      await finish({ last_error: null, power_state: current, target_power_state: null, driver_internal_info: wipe(before) });
      return;
    }
  }
  const end = powerTargetEndState(target);
  if (!options.startedFrom) {
    await task.save({
      target_power_state: end,
      // A power action that is part of failure handling keeps the failure's message.
      ...((FAILURE_STATES as readonly string[]).includes(task.node.provision_state) ? {} : { last_error: null }),
      driver_internal_info: startedInternalInfo(before, target),
    });
  }
  try {
    await power.setPowerState(task, target, timeoutS);
  } catch (err) {
    await finish({ target_power_state: null, last_error: `Failed to change power state to '${end}' by '${target}': ${describe(err)}` });
    throw err;
  }
  await finish({ power_state: end, target_power_state: null });
}
