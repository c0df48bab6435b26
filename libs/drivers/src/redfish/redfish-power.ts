import { POWER_OFF, POWER_ON, PowerState, PowerTarget, REBOOT, SOFT_POWER_OFF, SOFT_REBOOT } from '@ferrum/contracts';
import { InvalidParameterValue, PowerStateFailure } from '@ferrum/errors';
import { waitFor } from '../bmc/wait-for';
import type { PowerInterface } from '../interfaces/power.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import { REDFISH_PROPERTIES } from './redfish-driver-info';
import { at } from './redfish-client';
import type { RedfishSystems } from './redfish-system';

/** Redfish PowerState → Ironic power state (Ironic's POWER_STATE_MAP: the transitional states count as arrived). */
const POWER_STATE_MAP: Record<string, PowerState> = { On: POWER_ON, PoweringOn: POWER_ON, Off: POWER_OFF, PoweringOff: POWER_OFF };

/** Ironic's `redfish` power interface: ComputerSystem.Reset, then poll PowerState until the target. */
export class RedfishPower implements PowerInterface {
  constructor(private readonly systems: RedfishSystems) {}

  getProperties() {
    return { ...REDFISH_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    this.systems.info(task.node);
  }

  async getPowerState(task: SharedTask): Promise<PowerState> {
    const { system } = await this.systems.get(task.node);
    return POWER_STATE_MAP[String(system.PowerState)] ?? 'error';
  }

  async setPowerState(task: ExclusiveTask, target: PowerTarget, timeoutS?: number): Promise<void> {
    const { info, path, system } = await this.systems.get(task.node);
    const current = POWER_STATE_MAP[String(system.PowerState)];
    const settings = this.systems.settings;
    let resetType: string;
    let end: PowerState;
    let timeout = timeoutS ?? settings.powerStateChangeTimeoutS;
    switch (target) {
      case POWER_ON:
        [resetType, end] = ['On', POWER_ON];
        break;
      case POWER_OFF:
        [resetType, end] = ['ForceOff', POWER_OFF];
        break;
      case SOFT_POWER_OFF:
        [resetType, end, timeout] = ['GracefulShutdown', POWER_OFF, timeoutS ?? settings.softPowerOffTimeoutS];
        break;
      case REBOOT:
      case SOFT_REBOOT:
        // Off, waited for, then On: a ForceRestart of a system that reports On right away cannot be told
        // from one that has not started yet, and PowerState would say "on" before the restart happened.
        if (current !== POWER_OFF) await this.setPowerState(task, target === REBOOT ? POWER_OFF : SOFT_POWER_OFF, timeoutS);
        [resetType, end] = ['On', POWER_ON];
        break;
      default: {
        const unsupported: never = target;
        throw new InvalidParameterValue({ message: `set_power_state called with an invalid power state: ${String(unsupported)}.` });
      }
    }
    const actionTarget = at(system, 'Actions', '#ComputerSystem.Reset', 'target');
    await this.systems.client.post(info, typeof actionTarget === 'string' ? actionTarget : `${path}/Actions/ComputerSystem.Reset`, { ResetType: resetType });
    const { reached, value } = await waitFor(
      async () => POWER_STATE_MAP[String((await this.systems.client.get(info, path)).PowerState)] ?? 'error',
      (state) => state === end,
      timeout * 1000,
      settings.powerPollIntervalMs,
    );
    if (!reached) {
      throw new PowerStateFailure({ pstate: end }, `Failed to set node power state to ${end}: the BMC still reports ${value} ${timeout} s after ${resetType}.`);
    }
  }

  getSupportedPowerStates(): PowerTarget[] {
    return [POWER_ON, POWER_OFF, REBOOT, SOFT_REBOOT, SOFT_POWER_OFF];
  }
}
