import type { ExclusiveTask } from '../task';
import type { BaseInterface } from './base.interface';

/** What a deploy step or tear down returns: the node waits for a callback, or the step is done. */
export type StepResult = 'wait' | void;

/**
 * Writes an instance to the node. The steps are methods marked with `@deployStep`; the conductor
 * runs a node's steps in descending priority (100 is `deploy` itself, by convention).
 */
export interface DeployInterface extends BaseInterface {
  /** Gets the node ready before the steps run (e.g. network, boot). */
  prepare(task: ExclusiveTask): Promise<void>;
  /** Undoes a deployment; the node then goes through cleaning. */
  tearDown(task: ExclusiveTask): Promise<void>;
  /** Removes what prepare left behind (called after a tear down or a failed deploy). */
  cleanUp(task: ExclusiveTask): Promise<void>;
  /** Resumes ownership after a conductor takeover of an active node. */
  takeOver(task: ExclusiveTask): Promise<void>;
  /**
   * Gets an active node ready for servicing (Ironic's prepare_service): 'wait' when the agent must boot and
   * call back first. Absent: the service steps run at once.
   */
  prepareService?(task: ExclusiveTask): Promise<StepResult>;
  /** Returns a serviced node to its instance (Ironic's tear_down_service). Absent: nothing to undo. */
  tearDownService?(task: ExclusiveTask): Promise<void>;
  /**
   * Gets the node ready for cleaning before the first clean step (Ironic's prepare_cleaning): 'wait' when the
   * agent must boot and call back first. Absent (Ironic's base and fake deploy): the clean steps run at once.
   */
  prepareCleaning?(task: ExclusiveTask): Promise<StepResult>;
  /** Undoes prepareCleaning when cleaning ends, fails or is aborted (Ironic's tear_down_cleaning). Absent: nothing to undo. */
  tearDownCleaning?(task: ExclusiveTask): Promise<void>;
}
