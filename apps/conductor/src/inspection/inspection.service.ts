import { Inject, Injectable } from '@nestjs/common';
import { ProvisionState, next } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import { TaskManager } from '../locks/task-manager';
import { LOGGER } from '../tokens';

/**
 * Ends asynchronous inspection (Ironic's inspector interface `_check_status`): the inspector reports, or the
 * periodic poll finds, that a node in `inspect wait` is done → `manageable`, or failed → `inspect failed`.
 */
@Injectable()
export class InspectionService {
  constructor(
    private readonly tasks: TaskManager,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** @returns whether the node moved (false: it was not waiting for inspection any more). */
  async finish(uuid: string, error: string | null): Promise<boolean> {
    return this.tasks.withExclusive(uuid, async (task) => {
      // Already moved on (abort, timeout, an earlier report): a late report changes nothing.
      if (task.node.provision_state !== ProvisionState.INSPECTWAIT) return false;
      const to = next(task.node, error === null ? 'done' : 'fail');
      await task.save({
        provision_state: to.state,
        target_provision_state: to.target,
        provision_updated_at: new Date(),
        ...(error === null
          ? { inspection_finished_at: new Date(), last_error: null }
          : { last_error: `Inspection of node ${uuid} failed: ${error}` }),
      });
      this.logger.info({ node: uuid, state: to.state, error }, 'inspection finished');
      return true;
    });
  }
}
