import { POWER_OFF, POWER_ON, PowerState, PowerTarget, REBOOT, SOFT_POWER_OFF, SOFT_REBOOT } from '@ferrum/contracts';
import { InvalidParameterValue, PowerStateFailure } from '@ferrum/errors';
import type { BmcSettings } from '../bmc/bmc-settings';
import { waitFor } from '../bmc/wait-for';
import type { PowerInterface } from '../interfaces/power.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import { IPMI_PROPERTIES, parseIpmiDriverInfo } from './ipmi-driver-info';
import type { IpmitoolRunner } from './ipmitool-runner';

/**
 * Ironic's `ipmitool` power interface. Every action is blocking: it sends the chassis command, then
 * polls `power status` (spaced by the per-BMC minimum interval) until the BMC reports the target
 * state, or fails with PowerStateFailure when the timeout passes.
 */
export class IpmitoolPower implements PowerInterface {
  constructor(
    private readonly ipmitool: IpmitoolRunner,
    private readonly settings: BmcSettings,
  ) {}

  getProperties() {
    return { ...IPMI_PROPERTIES };
  }

  /** Checks driver_info only; the BMC is asked nothing (validate runs inside API requests). */
  async validate(task: SharedTask): Promise<void> {
    parseIpmiDriverInfo(task.node);
  }

  async getPowerState(task: SharedTask): Promise<PowerState> {
    const out = await this.ipmitool.execute(parseIpmiDriverInfo(task.node), ['power', 'status']);
    if (/Chassis Power is on/i.test(out)) return POWER_ON;
    if (/Chassis Power is off/i.test(out)) return POWER_OFF;
    return 'error';
  }

  async setPowerState(task: ExclusiveTask, target: PowerTarget, timeoutS?: number): Promise<void> {
    const timeout = timeoutS ?? this.settings.powerStateChangeTimeoutS;
    const softTimeout = timeoutS ?? this.settings.softPowerOffTimeoutS;
    switch (target) {
      case POWER_ON:
        return this.change(task, 'on', POWER_ON, timeout);
      case POWER_OFF:
        return this.change(task, 'off', POWER_OFF, timeout);
      case SOFT_POWER_OFF:
        return this.change(task, 'soft', POWER_OFF, softTimeout);
      case REBOOT:
        // As Ironic: off (if on) and on again, each waited for; `power cycle` is refused by BMCs that are off.
        if ((await this.getPowerState(task)) !== POWER_OFF) await this.change(task, 'off', POWER_OFF, timeout);
        return this.change(task, 'on', POWER_ON, timeout);
      case SOFT_REBOOT:
        if ((await this.getPowerState(task)) !== POWER_OFF) await this.change(task, 'soft', POWER_OFF, softTimeout);
        return this.change(task, 'on', POWER_ON, timeout);
      default: {
        const unsupported: never = target;
        throw new InvalidParameterValue({ message: `set_power_state called with an invalid power state: ${String(unsupported)}.` });
      }
    }
  }

  getSupportedPowerStates(): PowerTarget[] {
    return [POWER_ON, POWER_OFF, REBOOT, SOFT_REBOOT, SOFT_POWER_OFF];
  }

  private async change(task: ExclusiveTask, action: 'on' | 'off' | 'soft', end: PowerState, timeoutS: number): Promise<void> {
    const info = parseIpmiDriverInfo(task.node);
    await this.ipmitool.execute(info, ['power', action]);
    const { reached, value } = await waitFor(
      () => this.getPowerState(task),
      (state) => state === end,
      timeoutS * 1000,
      this.settings.ipmi.minCommandIntervalMs,
    );
    if (!reached) {
      throw new PowerStateFailure({ pstate: end }, `Failed to set node power state to ${end}: the BMC still reports ${value} after ${timeoutS} s.`);
    }
  }
}
