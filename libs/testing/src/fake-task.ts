import { randomUUID } from 'node:crypto';
import type { NodeRecord } from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';

/** A node as the database would return it, with Ironic's defaults; `fields` override them. */
export function fakeNode(fields: Partial<NodeRecord> = {}): NodeRecord {
  const interfaces = Object.fromEntries(
    ['bios', 'boot', 'console', 'deploy', 'firmware', 'inspect', 'management', 'network', 'power', 'raid', 'rescue', 'storage', 'vendor'].map((k) => [`${k}_interface`, null]),
  );
  return {
    id: 1,
    uuid: randomUUID(),
    name: null,
    driver: 'fake-hardware',
    driver_info: {},
    driver_internal_info: {},
    properties: {},
    instance_info: {},
    instance_uuid: null,
    extra: {},
    chassis_id: null,
    chassis_uuid: null,
    power_state: 'power off',
    target_power_state: null,
    provision_state: 'enroll',
    target_provision_state: null,
    provision_updated_at: null,
    last_error: null,
    reservation: 'fake-conductor',
    maintenance: false,
    maintenance_reason: null,
    fault: null,
    console_enabled: false,
    inspection_started_at: null,
    inspection_finished_at: null,
    clean_step: {},
    deploy_step: {},
    service_step: {},
    disable_power_off: false,
    health: null,
    instance_name: null,
    raid_config: {},
    target_raid_config: {},
    resource_class: null,
    ...(interfaces as Pick<NodeRecord, `${'bios' | 'boot' | 'console' | 'deploy' | 'firmware' | 'inspect' | 'management' | 'network' | 'power' | 'raid' | 'rescue' | 'storage' | 'vendor'}_interface`>),
    traits: [],
    conductor_group: '',
    automated_clean: null,
    protected: false,
    protected_reason: null,
    owner: null,
    lessee: null,
    description: null,
    allocation_uuid: null,
    retired: false,
    retired_reason: null,
    network_data: {},
    boot_mode: null,
    secure_boot: null,
    shard: null,
    parent_node: null,
    created_at: '2026-01-01T00:00:00.000000+00:00',
    updated_at: null,
    ...fields,
  };
}

/**
 * A locked node in memory, shaped as the conductor's NodeTask: `save` merges into `node` and is recorded
 * in `saves`, so a unit spec sees every state a flow went through, without a database or a lock.
 */
export function fakeTask(node: NodeRecord, drivers?: DriverRegistry) {
  const task = {
    node,
    shared: false as const,
    saves: [] as Record<string, unknown>[],
    destroyed: false,
    released: false,
    agent: undefined as { token?: string; url?: string } | undefined,
    async save(changes: Partial<NodeRecord> | Record<string, unknown>): Promise<NodeRecord> {
      task.saves.push(changes);
      task.node = { ...task.node, ...(changes as Partial<NodeRecord>) };
      return task.node;
    },
    /** Saves like `save` and marks the lock given back (`released`). */
    async saveAndRelease(changes: Partial<NodeRecord> | Record<string, unknown>): Promise<NodeRecord> {
      task.released = true;
      return task.save({ ...changes, reservation: null });
    },
    async destroy(): Promise<void> {
      task.destroyed = true;
    },
    async record(changes: Record<string, unknown>): Promise<void> {
      await task.save(changes);
    },
    portAddresses: async () => ['52:54:00:12:34:56'],
    ...(drivers && { interfaceOf: (kind: Parameters<DriverRegistry['get']>[1]) => drivers.get(task.node, kind) }),
  };
  return task;
}
