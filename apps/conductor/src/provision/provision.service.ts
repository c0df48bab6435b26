import { Inject, Injectable } from '@nestjs/common';
import type { InspectionChanges, NodeRecord, ProvisionRequestParams } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import { Invalid, InvalidParameterValue, NodeInMaintenance, NodeProtected } from '@ferrum/errors';
import { INTERNAL_EVENTS, ProvisionEvent, isProvisionEvent, next } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import { NodeTask, TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import type { ConductorConfig } from '../conductor.config';
import { CONFIG, DRIVERS, LOGGER } from '../tokens';
import { InspectionSaver } from '../inspection/inspection-saver';
import { ProvisionFlows } from './provision-flows';

/**
 * Ironic's do_provisioning_action family: validate and save the FSM transition under the node's
 * lock before the API answers 202, then run the flow on a worker that keeps the lock until it ends.
 */
@Injectable()
export class ProvisionService {
  private readonly flows: ProvisionFlows;

  constructor(
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) config: Pick<ConductorConfig, 'automatedClean'>,
    saver: InspectionSaver,
  ) {
    this.flows = new ProvisionFlows(drivers);
    this.flows.automatedCleanDefault = config.automatedClean;
    this.flows.saveInspection = async (task, result) => void (await saver.save(task, { properties: result.properties as InspectionChanges['properties'], ports: { add: result.ports } }));
    this.flows.onAbortError = (node, err) => this.logger.warn({ err, node }, 'could not abort the inspection');
  }

  async start(uuid: string, eventName: string, params: ProvisionRequestParams): Promise<void> {
    if (!isProvisionEvent(eventName) || (INTERNAL_EVENTS as readonly string[]).includes(eventName)) {
      throw new Invalid({ message: `The requested action "${eventName}" could not be understood.` });
    }
    const event = eventName;
    await this.tasks.spawnWithLock(
      uuid,
      this.pool,
      async (task) => {
        await this.validate(task, event, params);
        const to = next(task.node, event);
        await task.save({
          provision_state: to.state,
          target_provision_state: to.target,
          // Ironic's process_event clears last_error only when a worker follows: not for manage out of a failed state.
          ...(event === 'manage' && to.state !== 'verifying' ? {} : { last_error: null }),
          ...this.entryFields(task.node, event, params),
        });
      },
      async (task) => {
        try {
          await this.flows.run(task, event, params);
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
      await this.flows.resume(task);
    } catch (err) {
      this.logger.error({ err, node: task.node.uuid }, 'resuming the provision flow failed');
    }
  }

  /** Synchronous checks whose failure is the API's 4xx; nothing has changed yet when they throw. */
  private async validate(task: NodeTask, event: ProvisionEvent, params: ProvisionRequestParams): Promise<void> {
    const node = task.node;
    // Refuse an illegal event before any driver check, with Ironic's InvalidStateRequested.
    next(node, event);
    const check = (kind: Parameters<DriverRegistry['get']>[1]) => this.drivers.get(node, kind).validate(task);
    switch (event) {
      case 'deploy':
      case 'rebuild':
        if (node.maintenance) throw new NodeInMaintenance({ op: 'provisioning', node: node.uuid });
        if (event === 'rebuild' && node.protected) throw new NodeProtected({ node: node.uuid });
        await check('power');
        await check('deploy');
        await check('boot');
        this.flows.deploySteps(task, params);
        return;
      case 'delete':
        if (node.protected) throw new NodeProtected({ node: node.uuid });
        await check('power');
        return;
      case 'inspect':
        await check('power');
        await check('inspect');
        return;
      case 'provide':
        if (node.retired) throw new Invalid({ message: `Cannot provide node ${node.uuid}: it is retired.` });
        return;
      case 'clean':
        if (node.maintenance) throw new NodeInMaintenance({ op: 'cleaning', node: node.uuid });
        if (!params.clean_steps?.length) throw new Invalid({ message: 'clean_steps is required when setting target provision state to clean' });
        // As Ironic's do_node_clean: power and network are checked now, the steps by the worker.
        try {
          await check('power');
          await check('network');
        } catch (err) {
          if (!(err instanceof InvalidParameterValue)) throw err;
          throw new InvalidParameterValue({ message: `Validation of node ${node.uuid} for cleaning failed: ${err.message}` });
        }
        return;
      case 'rescue':
        await check('rescue');
        return;
      case 'adopt':
        await check('power');
        await check('deploy');
        return;
      case 'manage':
      case 'unrescue':
      case 'abort':
      case 'done':
      case 'fail':
      case 'wait':
      case 'resume':
        return;
      default: {
        const unreachable: never = event;
        throw new Invalid({ message: `Unknown event ${String(unreachable)}` });
      }
    }
  }

  /** Fields saved together with the transition. */
  private entryFields(node: NodeRecord, event: ProvisionEvent, params: ProvisionRequestParams): Partial<Record<keyof NodeRecord, unknown>> {
    switch (event) {
      case 'deploy':
      case 'rebuild':
        return params.configdrive ? { instance_info: { ...node.instance_info, configdrive: params.configdrive as never } } : {};
      case 'rescue':
        return { instance_info: { ...node.instance_info, rescue_password: params.rescue_password ?? null } };
      case 'abort':
        return { last_error: `By request, the ${node.provision_state.replace(' wait', '')} operation was aborted.` };
      case 'inspect':
      case 'manage':
      case 'provide':
      case 'clean':
      case 'delete':
      case 'adopt':
      case 'unrescue':
      case 'done':
      case 'fail':
      case 'wait':
      case 'resume':
        return {};
    }
  }
}
