import type { Dict, InterfaceKind, NodeRecord, VolumeTargetRecord } from '@ferrum/contracts';
import { AgentDeploy } from '../agent/agent-deploy';
import { NoopStorage } from '../noop/no-interfaces';
import { PxeBoot } from '../pxe/pxe-boot';
import type { ExclusiveTask } from '../task';
import { populateStorageInfo, tearDownStorage } from './volume-boot';

const NODE_UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';

function target(boot_index: number, volume_type: string, uuid = `00000000-0000-4000-8000-00000000000${boot_index}`): VolumeTargetRecord {
  return { id: boot_index + 1, uuid, node_id: 1, node_uuid: NODE_UUID, volume_type, properties: {}, boot_index, volume_id: `vol-${boot_index}`, extra: {}, created_at: '', updated_at: null };
}

/** A task over one node with the given volume targets, an `ipxe` or `pxe` boot interface and the direct deploy. */
function taskWith(targets: VolumeTargetRecord[], opts: { capabilities?: string; ipxe?: boolean; info?: Dict } = {}) {
  const state = { targets: [...targets], node: { uuid: NODE_UUID, properties: opts.capabilities ? { capabilities: opts.capabilities } : {}, driver_internal_info: opts.info ?? {} } as unknown as NodeRecord };
  const implementations: Partial<Record<InterfaceKind, unknown>> = { boot: new PxeBoot(opts.ipxe ?? true), deploy: new AgentDeploy(), storage: new NoopStorage() };
  const task = {
    get node() {
      return state.node;
    },
    shared: false,
    interfaceOf: (kind: InterfaceKind) => implementations[kind],
    record: async (changes: Dict) => {
      state.node = { ...state.node, ...changes };
    },
    volumeTargets: {
      list: async () => state.targets,
      deleteAll: async () => {
        state.targets = [];
      },
    },
  } as unknown as ExclusiveTask;
  return { task, state };
}

describe('volume targets at deploy time (noop storage), as Ironic', () => {
  it('does nothing for a node without a boot volume', async () => {
    const { task, state } = taskWith([target(1, 'iscsi')], { info: { keep: 1 } });
    await populateStorageInfo(task);
    expect(state.node.driver_internal_info).toEqual({ keep: 1 });
  });

  it('refuses an iSCSI or Fibre Channel boot volume on a node that does not say it can boot from one', async () => {
    await expect(populateStorageInfo(taskWith([target(0, 'iSCSI')]).task)).rejects.toThrow(
      `Node ${NODE_UUID} has an iSCSI boot volume defined and no iSCSI boot support available.`,
    );
    await expect(populateStorageInfo(taskWith([target(0, 'fibre_channel')], { capabilities: 'iscsi_boot:True' }).task)).rejects.toThrow(
      `Node ${NODE_UUID} has a Fibre Channel boot volume defined and no Fibre Channel boot support available.`,
    );
  });

  it('names the boot volume in driver_internal_info when iPXE can boot from it, and not with PXE', async () => {
    const boot = target(0, 'iscsi');
    const ipxe = taskWith([target(1, 'iscsi'), boot], { capabilities: 'iscsi_boot:True,boot_mode:uefi', info: { keep: 1 } });
    await populateStorageInfo(ipxe.task);
    // The direct deploy cannot write an image onto a volume: no boot_from_volume_deploy.
    expect(ipxe.state.node.driver_internal_info).toEqual({ keep: 1, boot_from_volume: boot.uuid });

    const pxe = taskWith([boot], { capabilities: 'iscsi_boot:True', ipxe: false });
    await populateStorageInfo(pxe.task);
    expect(pxe.state.node.driver_internal_info).toEqual({});
  });

  it('deletes the node’s volume targets and forgets the boot volume when the instance is torn down', async () => {
    const { task, state } = taskWith([target(0, 'iscsi'), target(1, 'iscsi')], { info: { keep: 1, boot_from_volume: 'x', boot_from_volume_deploy: 'y' } });
    await tearDownStorage(task);
    expect(state.targets).toEqual([]);
    expect(state.node.driver_internal_info).toEqual({ keep: 1 });
  });
});
