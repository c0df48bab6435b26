import type { PowerState, PowerTarget } from '@ferrum/contracts';
import type { ExclusiveTask, SharedTask } from './task';

export interface PropertyDescriptions {
  [property: string]: string;
}

/** Power control of one node. */
export interface PowerInterface {
  /** Properties of driver_info this interface reads, with descriptions saying required/optional. */
  getProperties(): PropertyDescriptions;
  /**
   * Checks driver_info is enough to talk to the BMC. Runs inside an API request: no slow checks.
   * @throws InvalidParameterValue / MissingParameterValue
   */
  validate(task: SharedTask): Promise<void>;
  /** Current power state as the hardware reports it (null when unknown). */
  getPowerState(task: SharedTask): Promise<PowerState | null>;
  /**
   * Moves the node to `target` and resolves only once the hardware got there (or throws).
   * @throws PowerStateFailure, InvalidParameterValue for an unsupported target
   */
  setPowerState(task: ExclusiveTask, target: PowerTarget, timeoutS?: number): Promise<void>;
  /** Targets this implementation can reach (Ironic's get_supported_power_states). */
  getSupportedPowerStates(task: SharedTask): PowerTarget[];
}
