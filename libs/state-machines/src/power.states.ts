import { Microversion, POWER_TARGETS, PowerTarget, SOFT_POWER_OFF, SOFT_REBOOT } from '@ferrum/contracts';
import { ProvisionState } from './provision.states';

// Power states and targets are wire contracts shared with the agent and the drivers, so they live in
// @ferrum/contracts; re-exported here so that the state machines read as one place (§14.5).
export {
  POWER_OFF,
  POWER_ON,
  POWER_TARGETS,
  REBOOT,
  SOFT_POWER_OFF,
  SOFT_REBOOT,
  powerTargetEndState,
} from '@ferrum/contracts';
export type { PowerState, PowerTarget } from '@ferrum/contracts';

/** Soft targets (and the `timeout` field) need 1.27; below it the API answers 406 (§7.2). */
export const SOFT_POWER_TARGETS: readonly PowerTarget[] = [SOFT_REBOOT, SOFT_POWER_OFF];
export const SOFT_POWER_MIN_VERSION = Microversion.SOFT_POWER;

/**
 * Power changes are refused in these provision states (400): cleaning steps power the machine on and off
 * themselves, and a user's change would break the running step.
 */
export const POWER_CHANGE_REFUSED_STATES = [ProvisionState.CLEANING, ProvisionState.CLEANWAIT] as const;

export function isPowerTarget(value: unknown): value is PowerTarget {
  return typeof value === 'string' && (POWER_TARGETS as readonly string[]).includes(value);
}
