import { Inject, Injectable } from '@nestjs/common';
import { POWER_OFF, POWER_ON, PowerTarget, powerTargetEndState } from '@ferrum/contracts';
import { AGENT_BOOT_KEYS, type DriverRegistry, withoutAgentBoot } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import { POWER_CHANGE_REFUSED_STATES } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { DRIVERS, LOGGER } from '../tokens';


/** Ironic's change_node_power_state: validate and record the target under the lock, act in the background. */
@Injectable()
export class PowerService {
  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async setPowerState(uuid: string, target: PowerTarget, timeoutS?: number): Promise<void> {
    const slot = this.pool.reserve();
    await this.tasks.spawnWithLock(
      uuid,
      slot,
      async (task) => {
        if ((POWER_CHANGE_REFUSED_STATES as readonly string[]).includes(task.node.provision_state)) {
          throw new InvalidParameterValue({
            message: `Cannot change power state of node ${uuid} while it is in state "${task.node.provision_state}".`,
          });
        }
        const power = this.drivers.power(task.node);
        await power.validate(task);
        if (!power.getSupportedPowerStates(task).includes(target)) {
          throw new InvalidParameterValue({
            message: `The driver ${task.node.driver} does not support the power state ${target}.`,
          });
        }
        await task.save({ target_power_state: powerTargetEndState(target), last_error: null });
      },
      async (task) => {
        const end = powerTargetEndState(target);
        const power = this.drivers.power(task.node);
        try {
          const current = await power.getPowerState(task);
          const plainOnOff = target === POWER_ON || target === POWER_OFF;
          if (!(plainOnOff && current === end)) await power.setPowerState(task, target, timeoutS);
          // A power off or reboot ends the agent that ran on the machine: forget its token and URL (§13.7).
          const agentGone = target !== POWER_ON && Object.keys(task.node.driver_internal_info).some((k) => AGENT_BOOT_KEYS.includes(k));
          await task.save({
            power_state: end,
            target_power_state: null,
            ...(agentGone ? { driver_internal_info: withoutAgentBoot(task.node.driver_internal_info) } : {}),
          });
          this.logger.info({ node: uuid, target }, 'power state changed');
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          this.logger.warn({ node: uuid, target, err }, 'power action failed');
          await task.save({
            target_power_state: null,
            last_error: `Failed to change power state to '${target}' by '${target}'. Error: ${reason}`,
          });
        }
      },
    );
  }
}
