import { Inject, Injectable } from '@nestjs/common';
import { type Dict, PowerTarget, powerTargetEndState } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import { POWER_CHANGE_REFUSED_STATES } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { DRIVERS, LOGGER } from '../tokens';
import { nodePowerAction, startedInternalInfo } from './power-action';

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
    let startedFrom: Dict = {};
    await this.tasks.spawnWithLock(
      uuid,
      this.pool,
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
        // What node_power_action saves as it starts goes in this write, the one the API waits for.
        startedFrom = task.node.driver_internal_info;
        await task.save({ target_power_state: powerTargetEndState(target), last_error: null, driver_internal_info: startedInternalInfo(startedFrom, target) });
      },
      async (task) => {
        try {
          await nodePowerAction(this.drivers, task, target, timeoutS, { startedFrom, last: true });
          this.logger.info({ node: uuid, target }, 'power state changed');
        } catch (err) {
          // nodePowerAction saved the failure in last_error.
          this.logger.warn({ node: uuid, target, err }, 'power action failed');
        }
      },
    );
  }
}
