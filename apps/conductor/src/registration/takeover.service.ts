import { Inject, Injectable } from '@nestjs/common';
import { NodeLocked } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { FAIL_ON_CONDUCTOR_RESTART_STATES, next } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import { TaskManager } from '../locks/task-manager';
import type { ConductorConfig } from '../conductor.config';
import { CONFIG, LOGGER, REPOS } from '../tokens';

const INTERRUPTED: readonly string[] = FAIL_ON_CONDUCTOR_RESTART_STATES;

export interface TakeoverReport {
  locks: number;
  jobs: number;
  failedNodes: string[];
}

/**
 * What a conductor does for peers that died (or for its own previous run): their locks are cleared,
 * their open jobs failed, and nodes they were moving through a transient state (deploying, cleaning…)
 * are failed with a reason, as Ironic does on conductor restart, instead of staying there for ever.
 */
@Injectable()
export class TakeoverService {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: ConductorConfig,
    private readonly tasks: TaskManager,
  ) {}

  async takeOverFrom(hosts: string[]): Promise<TakeoverReport> {
    if (hosts.length === 0) return { locks: 0, jobs: 0, failedNodes: [] };
    // Peers found dead are marked offline by the first survivor to get there: the stream's one `conductor.lost`.
    await this.repos.conductors.markLost(hosts.filter((h) => h !== this.config.hostname));
    const interrupted = await this.repos.nodes.list(
      { reserved_by: hosts, provision_states: [...INTERRUPTED] },
      { limit: 100_000, sortKey: 'id', sortDir: 'asc' },
    );
    const locks = await this.repos.reservations.clearForDeadHosts(hosts);
    const jobs = await this.repos.jobs.failForDeadHosts(hosts);
    const failedNodes: string[] = [];
    for (const node of interrupted) {
      try {
        await this.tasks.withExclusive(node.uuid, async (task) => {
          if (task.node.provision_state !== node.provision_state) return;
          const to = next(task.node, 'fail');
          await task.save({
            provision_state: to.state,
            target_provision_state: to.target,
            last_error: `Conductor ${node.reservation} went down while node ${node.uuid} was in state "${node.provision_state}"; the operation was abandoned.`,
          });
          failedNodes.push(node.uuid);
        });
      } catch (err) {
        // Another survivor got there first (or a user acted): nothing left to do here.
        if (!(err instanceof NodeLocked)) this.logger.error({ err, node: node.uuid }, 'could not fail an interrupted node');
      }
    }
    if (locks || jobs || failedNodes.length) {
      this.logger.warn({ dead: hosts, locks, jobs, failedNodes }, 'took over from dead conductors');
      await this.repos.events.record('conductor.took_over', this.config.hostname, { hostname: this.config.hostname, from: hosts, locks, jobs, failed_nodes: failedNodes });
    }
    return { locks, jobs, failedNodes };
  }
}
