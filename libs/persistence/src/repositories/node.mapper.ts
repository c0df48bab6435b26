import type { NodeRecord } from '@ferrum/contracts';
import type { Repository } from 'typeorm';
import { ChassisEntity, NodeEntity } from '../entities';
import { isoTime } from '../timestamps';

export function toNodeRecord(e: NodeEntity): NodeRecord {
  const { chassis, ...rest } = e;
  return {
    ...rest,
    chassis_uuid: chassis?.uuid ?? null,
    provision_updated_at: isoTime(e.provision_updated_at),
    inspection_started_at: isoTime(e.inspection_started_at),
    inspection_finished_at: isoTime(e.inspection_finished_at),
    created_at: isoTime(e.created_at)!,
    updated_at: isoTime(e.updated_at),
  };
}

/**
 * What an UPDATE … RETURNING * gives for the node it changed, as the record the node view shows, so a
 * write need not read the row again. Only a node in a chassis costs one more (indexed) read, for its uuid.
 */
export async function fromReturnedRow(row: Omit<NodeEntity, 'chassis'>, chassis: Repository<ChassisEntity>): Promise<NodeRecord> {
  const found = row.chassis_id === null ? null : await chassis.findOne({ where: { id: row.chassis_id }, select: { id: true, uuid: true } });
  return toNodeRecord({ ...row, chassis: found });
}
