import type { NodeRecord } from '@ferrum/contracts';
import { NodeEntity } from '../entities';
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
