import type { InspectorStatus } from '../inspector/inspector.port';
import type { ExclusiveTask, SharedTask } from '../task';
import type { BaseInterface } from './base.interface';
import type { InspectionResult } from './inspection-result';

/** Hardware discovery: fills node properties and ports. */
export interface InspectInterface extends BaseInterface {
  /**
   * Inspects the node. Returns 'done' when finished synchronously (→ manageable), 'wait' when an
   * asynchronous process (in-band inspection) will report back (→ inspect wait), or an
   * InspectionResult when it read the hardware synchronously (out-of-band): the conductor saves its
   * properties and ports, then the node goes to manageable as with 'done'.
   * @throws HardwareInspectionFailure, RedfishError, RedfishConnectionError (the node goes to inspect failed)
   */
  inspectHardware(task: ExclusiveTask): Promise<'done' | 'wait' | InspectionResult>;
  /**
   * Optional, for asynchronous inspection: stops it when the user aborts `inspect wait` (the node is
   * already in `inspect failed`). Errors are logged by the conductor, not shown to the user.
   */
  abortInspection?(task: ExclusiveTask): Promise<void>;
  /**
   * Optional, for asynchronous inspection: the periodic poll of nodes in `inspect wait` asks it whether
   * the inspection ended (null: unknown, keep waiting). Runs without the node lock.
   */
  inspectionStatus?(task: SharedTask): Promise<InspectorStatus | null>;
}
