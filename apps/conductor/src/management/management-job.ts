import type { DriverRegistry, ManagementInterface } from '@ferrum/drivers';
import type { NodeTask, TaskManager } from '../locks/task-manager';
import type { WorkerPool } from '../locks/worker-pool';

/**
 * Ironic's pattern for an asynchronous management call (boot mode, secure boot, virtual media): under the
 * node's lock the management interface is validated and last_error cleared before the API answers; the job
 * runs in a worker that keeps the lock, and records its own failure.
 */
export function spawnManagementJob(
  deps: { tasks: TaskManager; pool: WorkerPool; drivers: DriverRegistry },
  uuid: string,
  job: (task: NodeTask, management: ManagementInterface) => Promise<void>,
): Promise<void> {
  return deps.tasks.spawnWithLock(
    uuid,
    deps.pool,
    async (task) => {
      await deps.drivers.get(task.node, 'management').validate(task);
      await task.save({ last_error: null });
    },
    (task) => job(task, deps.drivers.get(task.node, 'management')),
  );
}
