import { Inject, Injectable } from '@nestjs/common';
import type { InspectionChanges, NodeRecord } from '@ferrum/contracts';
import { tearDownManagedBoot } from '@ferrum/drivers';
import { ProvisionState, next } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import { TaskManager } from '../locks/task-manager';
import { LOGGER } from '../tokens';
import { InspectionSaver } from './inspection-saver';

/**
 * Ends asynchronous inspection (Ironic's inspector interface `_check_status`): the inspector reports, or the
 * periodic poll finds, that a node in `inspect wait` is done → `manageable`, or failed → `inspect failed`.
 */
@Injectable()
export class InspectionService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly saver: InspectionSaver,
  ) {}

  /** The inspector's result for a node (properties, ports, rule edits), saved under one lock. */
  apply(uuid: string, result: InspectionChanges): Promise<NodeRecord> {
    return this.tasks.withExclusive(uuid, (task) => this.saver.save(task, result));
  }

  /** @returns whether the node moved (false: it was not waiting for inspection any more). */
  async finish(uuid: string, reported: string | null): Promise<boolean> {
    let error = reported;
    return this.tasks.withExclusive(uuid, async (task) => {
      // The `agent` interface's runs report Ironic's own words for last_error; the inspector's get its prefix.
      const lastError = (e: string) => (task.node.inspect_interface === 'agent' ? e : `Inspection of node ${uuid} failed: ${e}`);
      // A run whose ramdisk the conductor booted (virtual media): ejected and powered off, as Ironic's _clean_up, also after an abort.
      if (task.node.provision_state === ProvisionState.INSPECTWAIT || task.node.provision_state === ProvisionState.INSPECTFAIL) {
        const errors = await tearDownManagedBoot(task);
        // Ironic's _clean_up: a clean-up that failed fails a run that had succeeded.
        if (errors.length && error === null) error = `Inspection clean up failed: ${errors.join(', ')}`;
      }
      if (task.node.provision_state !== ProvisionState.INSPECTWAIT) {
        // An abort moved the node on already; the inspector's power-off then cleared last_error (every power
        // request does, as in Ironic). Its report puts the reason back, so the user still sees why.
        if (task.node.provision_state === ProvisionState.INSPECTFAIL && error !== null && !task.node.last_error) {
          await task.save({ last_error: lastError(error) });
        }
        // Otherwise (timeout, an earlier report) a late report changes nothing.
        return false;
      }
      const to = next(task.node, error === null ? 'done' : 'fail');
      await task.save({
        provision_state: to.state,
        target_provision_state: to.target,
        ...(error === null
          ? { last_error: null }
          : { last_error: lastError(error) }),
      });
      this.logger.info({ node: uuid, state: to.state, error }, 'inspection finished');
      return true;
    });
  }
}
