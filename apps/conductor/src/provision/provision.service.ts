import { Inject, Injectable } from '@nestjs/common';
import type { InspectionChanges, ProvisionRequestParams } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import { Invalid } from '@ferrum/errors';
import { INTERNAL_EVENTS, ProvisionEvent, isProvisionEvent, next } from '@ferrum/state-machines';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import { NodeTask, TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import type { ConductorConfig } from '../conductor.config';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';
import { InspectionSaver } from '../inspection/inspection-saver';
import { FlowDeps, ProvisionFlow, provisionFlows, resumeSteps } from './flows';

/**
 * Ironic's do_provisioning_action family: under the node's lock, the verb's flow (flows/<verb>.flow.ts)
 * validates and the FSM transition is saved before the API answers 202; then the flow runs on a worker
 * that keeps the lock until it ends.
 */
@Injectable()
export class ProvisionService {
  private readonly deps: FlowDeps;
  private readonly flowFor: (event: ProvisionEvent) => ProvisionFlow;

  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(DRIVERS) drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) config: Pick<ConductorConfig, 'automatedClean'>,
    saver: InspectionSaver,
    @Inject(REPOS) repos: Repositories,
  ) {
    this.deps = {
      drivers,
      automatedCleanDefault: config.automatedClean,
      saveInspection: async (task, result) => {
        await saver.save(task, { properties: result.properties as InspectionChanges['properties'], ports: { add: result.ports } });
        // As Ironic's store_inspection_data: the inventory replaces the last inspection's, plugin data empty.
        if (result.inventory) await repos.introspections.storeData(task.node.uuid, true, { inventory: result.inventory });
      },
      onAbortError: (node, err) => this.logger.warn({ err, node }, 'could not abort the inspection'),
      onWaitCapped: (node, requested, maximum) => this.logger.warn({ node, requested, maximum }, 'a wait step asked for more than the maximum; waiting for the maximum'),
      onBiosCacheError: (node, err) => this.logger.warn({ err, node }, 'caching of BIOS settings failed'),
      onFirmwareCacheError: (node, err) => this.logger.warn({ err, node }, 'caching of firmware components failed'),
      releaseAllocation: (uuid) => repos.allocations.delete(uuid).catch((err: unknown) => this.logger.warn({ err, allocation: uuid }, 'could not delete the allocation of an unprovisioned node')),
      deployTemplateSteps: async (traits) => (await repos.deployTemplates.listByNames(traits)).flatMap((t) => t.steps),
    };
    this.flowFor = provisionFlows(this.deps);
  }

  async start(uuid: string, eventName: string, params: ProvisionRequestParams): Promise<void> {
    if (!isProvisionEvent(eventName) || (INTERNAL_EVENTS as readonly string[]).includes(eventName)) {
      throw new Invalid({ message: `The requested action "${eventName}" could not be understood.` });
    }
    const event = eventName;
    const flow = this.flowFor(event);
    await this.tasks.spawnWithLock(
      uuid,
      this.pool,
      async (task) => {
        // Refuse an illegal event before any driver check, with Ironic's InvalidStateRequested.
        next(task.node, event);
        await flow.validate(task, params);
        const to = next(task.node, event);
        await task.save({
          provision_state: to.state,
          target_provision_state: to.target,
          // Ironic's process_event clears last_error only when a worker follows: not for manage out of a failed
          // state, nor for unhold (the agent's next heartbeat carries on).
          ...((event === 'manage' && to.state !== 'verifying') || event === 'unhold' ? {} : { last_error: null }),
          ...flow.entry(task.node, params),
        });
      },
      async (task) => {
        try {
          await flow.run(task, params);
        } catch (err) {
          // A flow records its own failures; this catches a failure to record one (e.g. the database went away).
          this.logger.error({ err, node: uuid, event }, 'provision flow failed');
        }
      },
    );
  }

  /**
   * Continues the deploy or clean step the node waits on, after an agent heartbeat; the caller holds the lock
   * and has put the heartbeat's token and URL on the task.
   */
  async resume(task: NodeTask): Promise<void> {
    try {
      await resumeSteps(this.deps, task);
    } catch (err) {
      this.logger.error({ err, node: task.node.uuid }, 'resuming the provision flow failed');
    }
  }
}
