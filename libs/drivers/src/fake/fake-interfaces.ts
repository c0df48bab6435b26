import type {
  BootInterface,
  ConsoleInterface,
  RaidInterface,
  RescueInterface,
  StorageInterface,
} from '../interfaces/optional.interfaces';
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
  async getConsole(_task: ExclusiveTask): Promise<Record<string, unknown>> {
    return {};
  }
}

export class FakeStorage extends FakeBase implements StorageInterface {
  shouldWriteImage(_task: ExclusiveTask): boolean {
    return true;
  }
}

export class FakeRaid extends FakeBase implements RaidInterface {
  getLogicalDiskProperties() {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }
}
