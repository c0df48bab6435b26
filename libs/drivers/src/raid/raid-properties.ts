import type { PropertyDescriptions } from '../interfaces/base.interface';
import { RAID_CONFIG_SCHEMA } from './raid-config-schema';

type LogicalDiskSchema = { items: { properties: Record<string, { description: string }> } };

/**
 * What a logical disk of a RAID configuration may say (GET /v1/drivers/{name}/raid/logical_disk_properties):
 * each property of Ironic's RAID schema with its description (Ironic's raid.get_logical_disk_properties),
 * which every RAID interface shares unless it has its own schema.
 */
export const RAID_LOGICAL_DISK_PROPERTIES: PropertyDescriptions = Object.fromEntries(
  Object.entries(((RAID_CONFIG_SCHEMA.properties as Record<string, unknown>).logical_disks as LogicalDiskSchema).items.properties).map(([name, p]) => [name, p.description]),
);
