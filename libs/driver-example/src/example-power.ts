import { POWER_OFF, POWER_ON, PowerState, PowerTarget } from '@ferrum/contracts';
import { MissingParameterValue } from '@ferrum/errors';
import type { ExclusiveTask, PowerInterface, SharedTask } from '@ferrum/drivers';

/**
 * Power for an imaginary BMC reached at driver_info.example_address. It keeps the state it was
 * asked for, like fake power, but validates its driver_info as a real driver would.
 */
export class ExamplePower implements PowerInterface {
  getProperties() {
    return {
      example_address: 'Address of the example BMC. Required.',
      example_username: 'User name for the example BMC. Optional.',
    };
  }

  async validate(task: SharedTask): Promise<void> {
    if (!task.node.driver_info.example_address) {
      throw new MissingParameterValue({ message: 'Missing the following example credentials in node\'s driver_info: example_address' });
    }
  }

  async getPowerState(task: SharedTask): Promise<PowerState | null> {
    return (task.node.power_state as PowerState | null) ?? null;
  }

  async setPowerState(_task: ExclusiveTask, _target: PowerTarget): Promise<void> {}

  getSupportedPowerStates(): PowerTarget[] {
    return [POWER_ON, POWER_OFF, 'rebooting'];
  }
}
