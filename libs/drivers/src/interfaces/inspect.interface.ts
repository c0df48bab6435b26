import type { ExclusiveTask } from '../task';
import type { BaseInterface } from './base.interface';

/** Hardware discovery: fills node properties and ports. */
export interface InspectInterface extends BaseInterface {
  /**
   * Inspects the node. Returns 'done' when finished synchronously (→ manageable), 'wait' when an
   * asynchronous process (in-band inspection) will report back (→ inspect wait).
   */
  inspectHardware(task: ExclusiveTask): Promise<'done' | 'wait'>;
}
