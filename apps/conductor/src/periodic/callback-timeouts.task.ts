import { Inject, Injectable } from '@nestjs/common';
import { pyRepr } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import { NodeLocked } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { next, ProvisionState } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { TaskManager } from '../locks/task-manager';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';
import { Ownership } from './ownership';

/**
 * Fails nodes that waited too long for a ramdisk callback (Ironic's _check_deploy_timeouts and friends).
 * In the `* wait` states no lock is held, so the node is locked here, re-checked, and moved with `fail`.
 */
@Injectable()
export class CallbackTimeoutsTask {
  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tasks: TaskManager,
  ) {}

  private waits(): { state: ProvisionState; timeoutS: number; message: (uuid: string) => string }[] {
    const c = this.config;
    return [
      { state: ProvisionState.DEPLOYWAIT, timeoutS: c.deployCallbackTimeoutS, message: (u) => `Timeout reached while waiting for callback for node ${u}` },
      { state: ProvisionState.INSPECTWAIT, timeoutS: c.inspectWaitTimeoutS, message: (u) => `Timeout reached while inspecting node ${u}. Please check if the ramdisk responds.` },
      { state: ProvisionState.CLEANWAIT, timeoutS: c.cleanCallbackTimeoutS, message: (u) => `Timeout reached while cleaning node ${u}` },
      { state: ProvisionState.RESCUEWAIT, timeoutS: c.rescueCallbackTimeoutS, message: (u) => `Timeout reached while waiting for rescue ramdisk callback for node ${u}` },
      {
        state: ProvisionState.SERVICEWAIT,
        timeoutS: c.serviceCallbackTimeoutS,
        message: () => 'Timeout reached while servicing the node. Please check if the ramdisk responsible for the servicing is running on the node.',
      },
    ];
  }

  async run(): Promise<string[]> {
    const failed: string[] = [];
    const ownership = await Ownership.compute(this.repos, this.config.hostname, this.config.heartbeatTimeoutS);
    for (const wait of this.waits()) {
      const stale = await this.repos.nodes.list(
        { provision_state: wait.state, unreserved: true, provision_updated_before_s: wait.timeoutS },
        { limit: 10_000, sortKey: 'id', sortDir: 'asc' },
      );
      for (const node of stale.filter((n) => this.drivers.has(n.driver) && ownership.owns(n))) {
        try {
          await this.tasks.withExclusive(node.uuid, async (task) => {
            // Re-read under the lock: the callback may have arrived since the query.
            if (task.node.provision_state !== wait.state || task.node.provision_updated_at !== node.provision_updated_at) return;
            const to = next(task.node, 'fail');
            await task.save({
              provision_state: to.state,
              target_provision_state: to.target,
              last_error: wait.message(node.uuid),
              ...(wait.state === ProvisionState.CLEANWAIT ? { maintenance: true, fault: 'clean failure' } : {}),
              // Ironic's servicing_error_handler: the step is in the message's place, and the node's flags go.
              ...(wait.state === ProvisionState.SERVICEWAIT
                ? { last_error: `${wait.message(node.uuid)} Failed on step ${pyRepr(task.node.service_step)}.`, service_step: {}, ...(Object.keys(task.node.service_step ?? {}).length ? { maintenance: true, fault: 'service failure' } : {}) }
                : {}),
            });
            failed.push(node.uuid);
          });
        } catch (err) {
          if (!(err instanceof NodeLocked)) this.logger.warn({ err, node: node.uuid }, 'could not fail a timed-out node');
        }
      }
    }
    if (failed.length) this.logger.warn({ nodes: failed }, 'failed nodes whose callback timed out');
    return failed;
  }
}
