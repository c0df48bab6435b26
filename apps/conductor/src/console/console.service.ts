import { Inject, Injectable } from '@nestjs/common';
import type { DriverRegistry } from '@ferrum/drivers';
import { NodeLocked, NodeNotFound, NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import type { NodeTask } from '../locks/task-manager';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { Ownership } from '../periodic/ownership';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The node console (Ironic's set_console_mode, get_console_information and _start_consoles): enabled and
 * disabled by a worker holding the node's lock, the outcome in console_enabled or, on failure, last_error;
 * restarted at conductor start-up for the nodes this conductor owns that have it enabled.
 */
@Injectable()
export class ConsoleService {
  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Validated without the lock (Ironic's shared task); asking for the state the console is already in does
   * nothing (Ironic logs it and still answers 202). Otherwise last_error is cleared under the lock before
   * the API answers, and a worker starts or stops the console.
   */
  async setConsoleMode(uuid: string, enabled: boolean): Promise<void> {
    const shared = await this.tasks.shared(uuid);
    await this.drivers.get(shared.node, 'console').validate(shared);
    if (shared.node.console_enabled === enabled) {
      this.logger.info({ node: uuid }, `No console action was triggered because the console is already ${enabled ? 'enabled' : 'disabled'}`);
      return;
    }
    await this.tasks.spawnWithLock(
      uuid,
      this.pool,
      async (task) => {
        await task.save({ last_error: null });
      },
      (task) => this.setMode(task, enabled),
    );
  }

  /** How to reach the console, or null while it is not enabled (Ironic's NodeConsoleNotEnabled, which the API turns into that). */
  async consoleInformation(uuid: string): Promise<{ console_info: Record<string, unknown> } | null> {
    const task = await this.tasks.shared(uuid);
    if (!task.node.console_enabled) return null;
    const console = this.drivers.get(task.node, 'console');
    await console.validate(task);
    return { console_info: await console.getConsole(task) };
  }

  /**
   * Ironic's _start_consoles: at start-up, the consoles of the nodes this conductor owns with console_enabled
   * are started again. A node locked elsewhere is skipped; a console that cannot start is recorded as
   * disabled, with the reason in last_error.
   */
  async restoreConsoles(): Promise<string[]> {
    const ownership = await Ownership.compute(this.repos, this.config.hostname, this.config.heartbeatTimeoutS);
    const nodes = (await this.repos.nodes.list({ console_enabled: true }, { limit: 1_000_000, sortKey: 'id', sortDir: 'asc' })).filter((n) => ownership.owns(n));
    const restored: string[] = [];
    for (const node of nodes) {
      try {
        await this.tasks.withExclusive(node.uuid, async (task) => {
          if (!task.node.console_enabled) return;
          try {
            await this.drivers.get(task.node, 'console').startConsole(task);
            restored.push(node.uuid);
            this.logger.info({ node: node.uuid }, 'started the console again');
          } catch (err) {
            const message = `Failed to start console of node ${node.uuid} while starting the conductor, so changing the console_enabled status to False, error: ${describe(err)}`;
            this.logger.error({ node: node.uuid }, message);
            await task.save({ console_enabled: false, last_error: message }, { historyEventType: 'startup failure' });
          }
        });
      } catch (err) {
        if (err instanceof NodeLocked) this.logger.warn({ node: node.uuid }, 'Node is locked while trying to start console on conductor startup');
        else if (err instanceof NotFound || err instanceof NodeNotFound) this.logger.warn({ node: node.uuid }, 'During starting console on conductor startup, node was not found');
        else this.logger.error({ err, node: node.uuid }, 'could not restore the console');
      }
    }
    return restored;
  }

  /** Ironic's _set_console_mode: the new state on success; on failure the state stays and the error is recorded. */
  private async setMode(task: NodeTask, enabled: boolean): Promise<void> {
    const console = this.drivers.get(task.node, 'console');
    try {
      if (enabled) await console.startConsole(task);
      else await console.stopConsole(task);
    } catch (err) {
      const message = `Error ${enabled ? 'enabling' : 'disabling'} the console on node ${task.node.uuid}. Reason: ${describe(err)}`;
      this.logger.error({ node: task.node.uuid }, message);
      await task.save({ last_error: message }, { historyEventType: 'console' });
      return;
    }
    await task.save({ console_enabled: enabled, last_error: null });
  }
}
