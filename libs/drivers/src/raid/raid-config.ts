import { bestMatch, iterErrors, type Dict } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { RAID_CONFIG_SCHEMA } from './raid-config-schema';

/** One logical disk of a RAID configuration, as the schema allows it (plus what a RAID controller reports back). */
export interface LogicalDisk {
  raid_level: string;
  size_gb: number | 'MAX';
  is_root_volume?: boolean;
  root_device_hint?: Dict;
  [key: string]: unknown;
}

export interface RaidConfig {
  logical_disks: LogicalDisk[];
  [key: string]: unknown;
}

/** Ironic's _check_and_return_root_volumes: at most one logical disk is the root volume. */
function rootVolume(config: RaidConfig): LogicalDisk | undefined {
  const roots = (config.logical_disks ?? []).filter((d) => d.is_root_volume);
  if (roots.length > 1) throw new InvalidParameterValue({ message: `Raid config cannot have more than one root volume. ${roots.length} root volumes were specified` });
  return roots[0];
}

/** Ironic's raid.validate_configuration against the common schema: the best-matching schema error, then the root volume count. */
export function validateRaidConfig(config: unknown): asserts config is RaidConfig {
  const error = bestMatch(iterErrors(config, RAID_CONFIG_SCHEMA));
  if (error) throw new InvalidParameterValue({ message: `RAID config validation error: ${error.message}` });
  rootVolume(config as RaidConfig);
}

/** Python's str(datetime.utcnow()), the form Ironic stamps raid_config.last_updated with. */
export function pyUtcNow(now: Date = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** Ironic's get_updated_capabilities: "k:v,…" with the new keys set, the others kept in order. */
function updatedCapabilities(current: unknown, updates: Record<string, string>): string {
  const caps = new Map<string, string>();
  if (typeof current === 'string' && current) {
    for (const item of current.split(',')) {
      const at = item.indexOf(':');
      if (at < 0) throw new InvalidParameterValue({ message: `Invalid capabilities string '${current}'.` });
      caps.set(item.slice(0, at), item.slice(at + 1));
    }
  }
  for (const [k, v] of Object.entries(updates)) caps.set(k, v);
  return [...caps].map(([k, v]) => `${k}:${v}`).join(',');
}

/**
 * Ironic's raid.update_raid_info: the node changes that record a RAID configuration now on the machine —
 * raid_config with `last_updated`, and for a root volume `local_gb` (unless its size is 'MAX'), the root
 * device hint the controller reported, and the `raid_level` capability.
 */
export function raidInfoChanges(node: { properties: Dict }, config: RaidConfig, now = new Date()): { raid_config: Dict; properties?: Dict } {
  const root = rootVolume(config);
  const raid_config = { ...config, last_updated: pyUtcNow(now) } as unknown as Dict;
  if (!root) return { raid_config };
  const properties: Dict = { ...node.properties };
  if (root.size_gb !== 'MAX') properties.local_gb = root.size_gb;
  if (root.root_device_hint !== undefined) properties.root_device = root.root_device_hint;
  properties.capabilities = updatedCapabilities(properties.capabilities, { raid_level: String(root.raid_level) });
  return { raid_config, properties };
}

/**
 * Ironic's raid.filter_target_raid_config: the node's target, without the root volume or the others when
 * asked; refused when nothing is left to create.
 */
export function filterTargetRaidConfig(node: { uuid: string; target_raid_config: Dict }, createRootVolume = true, createNonrootVolumes = true): RaidConfig {
  if (!node.target_raid_config || !Object.keys(node.target_raid_config).length) {
    throw new MissingParameterValue({ message: `Node ${node.uuid} has no target RAID configuration.` });
  }
  const target = { ...(node.target_raid_config as RaidConfig) };
  const skipped: string[] = [];
  if (!createRootVolume) {
    target.logical_disks = target.logical_disks.filter((d) => !d.is_root_volume);
    skipped.push('skipping root volume');
  }
  if (!createNonrootVolumes) {
    target.logical_disks = target.logical_disks.filter((d) => d.is_root_volume);
    skipped.push('skipping non-root volumes');
  }
  if (!target.logical_disks.length) {
    throw new MissingParameterValue({ message: `Node ${node.uuid} has empty target RAID configuration after ${skipped.join(' and ')}.` });
  }
  return target;
}
