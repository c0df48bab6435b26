import { InvalidParameterValue } from '@ferrum/errors';
import type { InspectInterface } from '../interfaces/inspect.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import type { InspectionDialect, InspectorPort, InspectorStatus } from './inspector.port';

/**
 * Ironic's `inspector` inspect interface in its unmanaged form (spec §12, §14): the inspector service
 * sets PXE boot and reboots the node, the ramdisk reports to the inspector, and the inspector tells the
 * conductor when it is done (the conductor also polls `inspectionStatus` as a safety net).
 */
export class InspectorInspect implements InspectInterface {
  constructor(
    private readonly inspector: InspectorPort | undefined,
    private readonly dialect: InspectionDialect = 'inspector',
  ) {}

  getProperties() {
    return {};
  }

  /** Fast: only checks that this conductor can reach an inspector at all (no call is made). */
  async validate(_task: SharedTask): Promise<void> {
    if (!this.inspector) {
      throw new InvalidParameterValue({ message: `The ${this.dialect} inspect interface needs the inspector service, which is disabled on this conductor (FERRUM_INSPECTOR_ENABLED=false).` });
    }
  }

  async inspectHardware(task: ExclusiveTask): Promise<'wait'> {
    await this.validate(task);
    await this.inspector!.start(task.node.uuid, { manageBoot: true, dialect: this.dialect });
    return 'wait';
  }

  async abortInspection(task: ExclusiveTask): Promise<void> {
    await this.validate(task);
    await this.inspector!.abort(task.node.uuid);
  }

  async inspectionStatus(task: SharedTask): Promise<InspectorStatus | null> {
    await this.validate(task);
    return this.inspector!.status(task.node.uuid);
  }
}
