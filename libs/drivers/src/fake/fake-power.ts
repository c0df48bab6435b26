import { POWER_OFF, POWER_ON, PowerState, PowerTarget, POWER_TARGETS, REBOOT, SOFT_POWER_OFF, SOFT_REBOOT } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import type { PowerInterface } from '../interfaces/power.interface';
import type { ExclusiveTask, SharedTask } from '../task';

/**
 * Ironic's fake power: the node row is the hardware. It reports the recorded power state and
 * "reaches" any supported target after an optional delay (to make locks and targets observable).
 */
export class FakePower implements PowerInterface {
  constructor(private readonly delayMs = 0) {}

  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}

  async getPowerState(task: SharedTask): Promise<PowerState | null> {
    return (task.node.power_state as PowerState | null) ?? null;
  }

  async setPowerState(_task: ExclusiveTask, target: PowerTarget): Promise<void> {
    if (![POWER_ON, POWER_OFF, REBOOT, SOFT_REBOOT, SOFT_POWER_OFF].includes(target)) {
      throw new InvalidParameterValue({ message: `set_power_state called with an invalid power state: ${target}.` });
    }
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }

  getSupportedPowerStates(): PowerTarget[] {
    return [...POWER_TARGETS];
  }
}
