import type {
  BootInterface,
  ConsoleInterface,
  RaidInterface,
  RescueInterface,
  StorageInterface,
} from '../interfaces/optional.interfaces';
import type { Dict } from '@ferrum/contracts';
import { validateRaidConfig } from '../raid/raid-config';
import { RAID_LOGICAL_DISK_PROPERTIES } from '../raid/raid-properties';
import type { ExclusiveTask, SharedTask } from '../task';

/** Ironic's fake interfaces whose every action is a no-op; each validates and reads nothing. */
abstract class FakeBase {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask): Promise<void> {}
}

export class FakeBoot extends FakeBase implements BootInterface {
  async prepareRamdisk(_task: ExclusiveTask): Promise<void> {}
  async cleanUpRamdisk(_task: ExclusiveTask): Promise<void> {}
  async prepareInstance(_task: ExclusiveTask): Promise<void> {}
  async cleanUpInstance(_task: ExclusiveTask): Promise<void> {}
}

export class FakeRescue extends FakeBase implements RescueInterface {
  async rescue(_task: ExclusiveTask): Promise<'rescue'> {
    return 'rescue';
  }

  async unrescue(_task: ExclusiveTask): Promise<'active'> {
    return 'active';
  }
}

export class FakeConsole extends FakeBase implements ConsoleInterface {
  async startConsole(_task: ExclusiveTask): Promise<void> {}
  async stopConsole(_task: ExclusiveTask): Promise<void> {}
  /** Ironic's FakeConsole answers an empty dict. */
  async getConsole(_task: SharedTask): Promise<Record<string, unknown>> {
    return {};
  }
}

export class FakeStorage extends FakeBase implements StorageInterface {
  shouldWriteImage(_task: ExclusiveTask): boolean {
    return true;
  }
}

/**
 * Ironic's FakeRAID: checks target configurations against the common schema (also in validate, as Ironic's
 * RAIDInterface does) and has no clean or deploy steps — its create/delete_configuration are not steps in
 * Ironic 21.4, so a manual clean asking for them fails there as here.
 */
export class FakeRaid extends FakeBase implements RaidInterface {
  getLogicalDiskProperties() {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }

  override async validate(task: SharedTask): Promise<void> {
    if (Object.keys(task.node.target_raid_config ?? {}).length) this.validateRaidConfig(task, task.node.target_raid_config);
  }

  validateRaidConfig(_task: SharedTask, config: Dict): void {
    validateRaidConfig(config);
  }
}
