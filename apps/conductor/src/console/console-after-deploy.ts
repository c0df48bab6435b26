import type { NodeRecord } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import type { NodeTask } from '../locks/task-manager';

/**
 * Ironic's _start_console_in_deploy: the console stopped at tear-down (so the previous tenant's session ends)
 * starts again once a deployment finished. A console that cannot start does not fail the deployment: it is
 * recorded as disabled, with the reason in last_error. Returns those node changes, to save with the state.
 */
export async function startConsoleAfterDeploy(drivers: DriverRegistry, task: NodeTask): Promise<Partial<NodeRecord>> {
  if (!task.node.console_enabled) return {};
  try {
    await drivers.get(task.node, 'console').startConsole(task);
    return {};
  } catch (err) {
    return { console_enabled: false, last_error: `Failed to start console while deploying the node ${task.node.uuid}: ${err instanceof Error ? err.message : String(err)}.` };
  }
}
