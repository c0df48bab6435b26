import type { PowerState, PowerTarget } from '@ferrum/contracts';
import type { BaseInterface } from './base.interface';
import type { ExclusiveTask, SharedTask } from '../task';

/** Power control of one node. */
export interface PowerInterface extends BaseInterface {
  /** Current power state as the hardware reports it (null when unknown). */
  getPowerState(task: SharedTask): Promise<PowerState | null>;
  /**
   * Moves the node to `target` and resolves only once the hardware got there (or throws):
   * power actions are blocking, so the conductor can record the outcome.
   * @throws PowerStateFailure, InvalidParameterValue for an unsupported target
   */
  setPowerState(task: ExclusiveTask, target: PowerTarget, timeoutS?: number): Promise<void>;
  /** Targets this implementation can reach (Ironic's get_supported_power_states). */
  getSupportedPowerStates(task: SharedTask): PowerTarget[];
}
