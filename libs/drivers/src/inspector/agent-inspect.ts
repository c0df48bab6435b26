import type { InspectInterface } from '../interfaces/inspect.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import { InspectorInspect } from './inspector-inspect';
import type { InspectorPort, InspectorStatus } from './inspector.port';

/**
 * Ironic's `agent` inspect interface (built-in in-band inspection, what Metal3 configures): the node boots
 * the agent, which posts its inventory to `POST /v1/continue_inspection`; Ironic's hooks and inspection
 * rules process it. In Ferrum the inspector service is still the one engine behind it (PXE filter, boot,
 * lookup, processing): this interface starts the same run as `inspector`, marked for Ironic's processing.
 */
export class AgentInspect implements InspectInterface {
  private readonly inspector: InspectorInspect;

  constructor(port: InspectorPort | undefined) {
    this.inspector = new InspectorInspect(port, 'agent');
  }

  getProperties() {
    return {};
  }

  validate(task: SharedTask): Promise<void> {
    return this.inspector.validate(task);
  }

  inspectHardware(task: ExclusiveTask): Promise<'wait'> {
    return this.inspector.inspectHardware(task);
  }

  abortInspection(task: ExclusiveTask): Promise<void> {
    return this.inspector.abortInspection(task);
  }

  inspectionStatus(task: SharedTask): Promise<InspectorStatus | null> {
    return this.inspector.inspectionStatus(task);
  }
}
