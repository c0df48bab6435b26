import type { VolumeTargetRecord } from '@ferrum/contracts';
import { InstanceDeployFailure } from '@ferrum/errors';
import { capabilitiesOf } from '../bmc/boot-mode';
import { otherInterface } from '../interfaces/interface-map';
import type { ExclusiveTask } from '../task';

/** driver_internal_info keys naming the volume a node boots from (or is deployed onto). */
const VOLUME_BOOT_KEYS = ['boot_from_volume', 'boot_from_volume_deploy'];

/** What an interface can do beyond its kind (Ironic's `capabilities`, e.g. iPXE's 'iscsi_volume_boot'). */
function capabilities(implementation: unknown): readonly string[] {
  return (implementation as { capabilities?: readonly string[] } | undefined)?.capabilities ?? [];
}

/** Ironic's get_remote_boot_volume: the target with boot index 0. */
export function bootVolume(targets: readonly VolumeTargetRecord[]): VolumeTargetRecord | undefined {
  return targets.find((t) => t.boot_index === 0);
}

/**
 * Ironic's populate_storage_driver_internal_info, run when a deploy is prepared: a node with a boot volume
 * must say (in its capabilities) that it can boot from that kind of volume; if its boot interface can boot
 * from one, driver_internal_info.boot_from_volume names the volume (and boot_from_volume_deploy, if its
 * deploy interface can write the image onto one).
 */
export async function populateStorageInfo(task: ExclusiveTask): Promise<void> {
  const volume = bootVolume((await task.volumeTargets?.list()) ?? []);
  if (!volume) return;
  const type = volume.volume_type.toLowerCase();
  const nodeCapabilities = capabilitiesOf(task.node);
  if (type === 'iscsi' && !('iscsi_boot' in nodeCapabilities)) {
    throw new InstanceDeployFailure({ message: `Node ${task.node.uuid} has an iSCSI boot volume defined and no iSCSI boot support available.` });
  }
  if (type === 'fibre_channel' && !('fibre_channel_boot' in nodeCapabilities)) {
    throw new InstanceDeployFailure({ message: `Node ${task.node.uuid} has a Fibre Channel boot volume defined and no Fibre Channel boot support available.` });
  }
  const info = { ...task.node.driver_internal_info };
  if (capabilities(otherInterface(task, 'boot')).includes(`${type}_volume_boot`)) info.boot_from_volume = volume.uuid;
  const storage = otherInterface(task, 'storage');
  if (capabilities(otherInterface(task, 'deploy')).includes(`${type}_volume_deploy`) && (storage?.shouldWriteImage(task) ?? true)) info.boot_from_volume_deploy = volume.uuid;
  await task.record?.({ driver_internal_info: info });
}

/**
 * Ironic's tear_down_storage_configuration, when an instance is torn down: its volume targets are deleted
 * (the next instance brings its own) and driver_internal_info forgets the boot volume.
 */
export async function tearDownStorage(task: ExclusiveTask): Promise<void> {
  await task.volumeTargets?.deleteAll();
  const info = task.node.driver_internal_info;
  if (VOLUME_BOOT_KEYS.some((k) => k in info)) {
    await task.record?.({ driver_internal_info: Object.fromEntries(Object.entries(info).filter(([k]) => !VOLUME_BOOT_KEYS.includes(k))) });
  }
}
