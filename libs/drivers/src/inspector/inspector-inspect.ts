import { POWER_OFF, POWER_ON } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { agentPower } from '../agent/agent-steps';
import { fastTrackEnabled } from '../agent/fast-track';
import type { InspectInterface } from '../interfaces/inspect.interface';
import { otherInterface } from '../interfaces/interface-map';
import type { ExclusiveTask, SharedTask } from '../task';
import type { InspectionDialect, InspectorPort, InspectorStatus } from './inspector.port';

/** Ironic's _IRONIC_MANAGES_BOOT: driver_internal_info's mark that the conductor booted the ramdisk (and must clean it up). */
export const MANAGED_BOOT_KEY = 'inspector_manage_boot';

/**
 * Ironic's tear_down_managed_boot, at the end of a run whose boot the conductor managed: the ramdisk's boot
 * cleaned up (virtual media ejected) and the node powered off, unless fast track is on for it. Nothing for a
 * run the inspector booted.
 * @returns the errors met, in Ironic's words (the run then fails with them)
 */
export async function tearDownManagedBoot(task: ExclusiveTask): Promise<string[]> {
  const info = task.node.driver_internal_info;
  if (!info[MANAGED_BOOT_KEY]) return [];
  const { [MANAGED_BOOT_KEY]: _managed, ...rest } = info;
  await task.record?.({ driver_internal_info: rest });
  const errors: string[] = [];
  const boot = otherInterface(task, 'boot');
  try {
    await boot?.cleanUpRamdisk(task);
  } catch (err) {
    errors.push(`unable to clean up ramdisk boot: ${err instanceof Error ? err.message : String(err)}`);
  }
  // With fast track the agent stays up (it looks the node up and heartbeats), ready for cleaning or a deploy.
  if (task.fastTrack && fastTrackEnabled(task.node.driver_info, task.fastTrack.enabled)) return errors;
  try {
    await agentPower(task, POWER_OFF);
  } catch (err) {
    errors.push(`unable to power off the node: ${err instanceof Error ? err.message : String(err)}`);
  }
  return errors;
}

/**
 * Ironic's `inspector` inspect interface (spec §12, §14). Unmanaged (PXE boot): the inspector service sets
 * PXE boot and reboots the node, the ramdisk reports to the inspector, and the inspector tells the conductor
 * when it is done (the conductor also polls `inspectionStatus` as a safety net). Managed, as Ironic's
 * _start_managed_inspection, when the node's boot interface boots the ramdisk itself (virtual media, how
 * Metal3 inspects): the conductor mounts the agent ISO and powers the node on, the inspector only waits for
 * the report, and the end of the run ejects the media and powers the node off (`tearDownManagedBoot`).
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
    const boot = otherInterface(task, 'boot');
    if (!boot?.bootsRamdiskItself) {
      await this.inspector!.start(task.node.uuid, { manageBoot: true, dialect: this.dialect });
      return 'wait';
    }
    // Ironic's _start_managed_inspection: off, the ramdisk prepared (it powers off too), the inspector told, on.
    try {
      await agentPower(task, POWER_OFF);
      await task.record?.({ driver_internal_info: { ...task.node.driver_internal_info, [MANAGED_BOOT_KEY]: true } });
      await boot.prepareRamdisk(task, {});
      await this.inspector!.start(task.node.uuid, { manageBoot: false, dialect: this.dialect });
      await agentPower(task, POWER_ON);
    } catch (err) {
      // Ironic's _inspection_error_handler: the boot torn down before the node fails.
      await tearDownManagedBoot(task).catch(() => undefined);
      throw err;
    }
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
