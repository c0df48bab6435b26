import { POWER_OFF, POWER_ON, PowerState, PowerTarget, REBOOT, SOFT_POWER_OFF, SOFT_REBOOT } from '@ferrum/contracts';
import type { ExclusiveTask, PowerInterface, SharedTask } from '@ferrum/drivers';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { DEFAULT_AGENT, SimMachines } from './sim-machines';

/** Power of a simulated machine: on = the agent process runs (when booting from the network). */
export class SimPower implements PowerInterface {
  constructor(private readonly machines: SimMachines) {}

  getProperties() {
    return {
      sim_kernel_params: 'Kernel command line given to the agent when the machine boots from the network (ipa-api-url=… BOOTIF=…). Required.',
      sim_agent_env: 'Object of extra environment variables for the agent process. Optional.',
      sim_agent_path: 'Path of the agent bundle. Optional; defaults to dist/agent.js.',
    };
  }

  async validate(task: SharedTask): Promise<void> {
    if (typeof task.node.driver_info.sim_kernel_params !== 'string') {
      throw new MissingParameterValue({ message: "Missing the following sim credentials in node's driver_info: sim_kernel_params" });
    }
  }

  async getPowerState(task: SharedTask): Promise<PowerState | null> {
    return this.machines.isOn(task.node.uuid) ? POWER_ON : POWER_OFF;
  }

  async setPowerState(task: ExclusiveTask, target: PowerTarget): Promise<void> {
    const uuid = task.node.uuid;
    switch (target) {
      case POWER_ON:
        return this.machines.powerOn(uuid, this.boot(task));
      case POWER_OFF:
      case SOFT_POWER_OFF:
        return this.machines.powerOff(uuid);
      case REBOOT:
      case SOFT_REBOOT:
        await this.machines.powerOff(uuid);
        return this.machines.powerOn(uuid, this.boot(task));
      default:
        throw new InvalidParameterValue({ message: `set_power_state called with an invalid power state: ${String(target)}.` });
    }
  }

  getSupportedPowerStates(): PowerTarget[] {
    return [POWER_ON, POWER_OFF, REBOOT, SOFT_REBOOT, SOFT_POWER_OFF];
  }

  private boot(task: SharedTask) {
    const info = task.node.driver_info;
    const env = (info.sim_agent_env && typeof info.sim_agent_env === 'object' && !Array.isArray(info.sim_agent_env) ? info.sim_agent_env : {}) as Record<string, string>;
    return {
      kernelParams: typeof info.sim_kernel_params === 'string' ? info.sim_kernel_params : '',
      env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
      agentPath: typeof info.sim_agent_path === 'string' ? info.sim_agent_path : DEFAULT_AGENT,
    };
  }
}
