import { Inject, Injectable } from '@nestjs/common';
import { DriverRegistry, type ManagementInterface } from '@ferrum/drivers';
import { UnsupportedDriverExtension } from '@ferrum/errors';
import type { Logger } from 'pino';
import type { NodeTask } from '../locks/task-manager';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { DRIVERS, LOGGER } from '../tokens';
import { spawnManagementJob } from './management-job';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Boot mode and secure boot changes (Ironic's change_node_boot_mode / change_node_secure_boot and their
 * node_change_* workers): the management interface is validated and last_error cleared under the lock
 * before the API answers 202; the change runs in a worker and ends in the node field or in last_error.
 */
@Injectable()
export class BootModeService {
  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async changeBootMode(uuid: string, mode: 'uefi' | 'bios'): Promise<void> {
    await this.change(uuid, async (task, management) => {
      const current = await this.current(task, () => this.need(task, management, 'getBootMode', 'get_boot_mode')(task));
      if (current === mode) return;
      try {
        await this.need(task, management, 'setBootMode', 'set_boot_mode')(task, mode);
        await task.save({ boot_mode: mode });
      } catch (err) {
        // Ironic's text, its missing quote included.
        await task.save({ last_error: `Failed to change boot mode to '${mode}: ${describe(err)}` });
      }
    });
  }

  async changeSecureBoot(uuid: string, enabled: boolean): Promise<void> {
    await this.change(uuid, async (task, management) => {
      const current = await this.current(task, () => this.need(task, management, 'getSecureBootState', 'get_secure_boot_state')(task));
      if (current === enabled) return;
      try {
        await this.need(task, management, 'setSecureBootState', 'set_secure_boot_state')(task, enabled);
        await task.save({ secure_boot: enabled });
      } catch (err) {
        await task.save({ last_error: `Failed to change secure_boot state to '${enabled ? 'True' : 'False'}': ${describe(err)}` });
      }
    });
  }

  private change(uuid: string, job: (task: NodeTask, management: ManagementInterface) => Promise<void>): Promise<void> {
    return spawnManagementJob({ tasks: this.tasks, pool: this.pool, drivers: this.drivers }, uuid, job);
  }

  /** What the hardware says now; an error reading it is logged and the change attempted anyway (as Ironic). */
  private async current<T>(task: NodeTask, read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      this.logger.warn({ node: task.node.uuid, err }, 'could not read the current boot setting before changing it');
      return null;
    }
  }

  /** The interface's method bound to it, or Ironic's UnsupportedDriverExtension naming it. */
  private need<K extends 'getBootMode' | 'setBootMode' | 'getSecureBootState' | 'setSecureBootState'>(
    task: NodeTask,
    management: ManagementInterface,
    method: K,
    extension: string,
  ): NonNullable<ManagementInterface[K]> {
    const fn = management[method];
    if (!fn) throw new UnsupportedDriverExtension({ driver: task.node.driver, extension });
    return fn.bind(management) as NonNullable<ManagementInterface[K]>;
  }
}
