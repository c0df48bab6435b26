import { POWER_OFF, POWER_ON, REBOOT, type PowerTarget } from '@ferrum/contracts';
import type { NodeTask } from '../../locks/task-manager';
import { nodePowerAction } from '../../power/power-action';
import { FlowDeps, advance } from './flow';

/**
 * Step names the conductor acts on itself, whatever interface a user step names (API 1.85, Ironic's
 * use_reserved_step_handler): they need no driver method, so step validation lets them through.
 */
export const RESERVED_STEP_NAMES = ['hold', 'wait', 'power_on', 'power_off', 'reboot'] as const;

/** Ironic's [conductor]max_conductor_wait_step_seconds default: a `wait` step's `seconds` is capped here. */
export const MAX_WAIT_STEP_SECONDS = 30;

const POWER_STEPS: Record<string, PowerTarget> = { power_on: POWER_ON, power_off: POWER_OFF, reboot: REBOOT };

export function isReservedStep(step: { step: string }): boolean {
  return (RESERVED_STEP_NAMES as readonly string[]).includes(step.step);
}

/**
 * Runs a reserved step: `next` goes on with the following step, `stop` leaves the node where the step put it.
 * - `hold` parks the node in `clean hold` / `deploy hold` until the `unhold` verb (then the agent's next
 *   heartbeat goes on after it);
 * - `wait` with `seconds` pauses (under the lock, as Ironic's conductor sleeps) and goes on; without, the node
 *   waits in `clean wait` / `wait call-back` for the agent's next heartbeat;
 * - `power_on`, `power_off`, `reboot` are the power action and go on.
 */
export async function runReservedStep(deps: FlowDeps, task: NodeTask, step: { step: string; args?: Record<string, unknown> }): Promise<'next' | 'stop'> {
  const power = POWER_STEPS[step.step];
  if (power) {
    await nodePowerAction(deps.drivers, task, power);
    return 'next';
  }
  if (step.step === 'hold') {
    await advance(task, 'hold');
    return 'stop';
  }
  await advance(task, 'wait');
  const seconds = step.args?.seconds;
  if (seconds === undefined) return 'stop';
  const wait = Math.min(Math.max(Number(seconds) || 0, 0), MAX_WAIT_STEP_SECONDS);
  if (wait < Number(seconds)) deps.onWaitCapped?.(task.node.uuid, Number(seconds), MAX_WAIT_STEP_SECONDS);
  await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  await advance(task, 'resume');
  return 'next';
}
