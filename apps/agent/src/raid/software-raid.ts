import type { InventoryDisk } from '@ferrum/contracts';

const GIB = 1024 ** 3;

/** IPA's SoftwareRAIDError: the command fails with this type and text. */
export class SoftwareRAIDError extends Error {}

/** The RAID levels IPA's software RAID builds as a second device (the first one must be RAID-1). */
const SUPPORTED_LEVELS = ['0', '1', '1+0', '5', '6'];

interface LogicalDisk {
  raid_level: string;
  size_gb: number | 'MAX';
  controller?: string;
  physical_disks?: unknown[];
  [key: string]: unknown;
}

export interface RaidNode {
  uuid?: string;
  target_raid_config?: { logical_disks?: LogicalDisk[] } & Record<string, unknown>;
}

/** One md device the simulated machine has. */
export interface MdDevice {
  name: string;
  level: string;
  members: string[];
  sizeGiB: number;
}

/** `sda=100,sdb=100` → simulated disks of those sizes in GiB, reported in the inventory in place of the real ones. */
export function parseSimDisks(spec: string): InventoryDisk[] {
  return spec
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [name, size] = item.split('=');
      const gib = Number(size);
      if (!name || !Number.isFinite(gib) || gib <= 0) throw new Error(`ferrum-sim-disks: "${item}" is not name=GiB`);
      return {
        name: `/dev/${name}`,
        model: 'Ferrum simulated disk',
        size: gib * GIB,
        rotational: false,
        wwn: null,
        serial: `SIM-${name}`,
        vendor: 'FERRUM',
        wwn_with_extension: null,
        wwn_vendor_extension: null,
        hctl: null,
        by_path: null,
        logical_sectors: 512,
        physical_sectors: 512,
        tran: null,
      };
    });
}

/**
 * IPA's GenericHardwareManager software RAID (create_configuration / delete_configuration) over simulated
 * disks: the same checks and error texts, the md devices kept in memory instead of built with parted and
 * mdadm. What create returns is what IPA returns: the target configuration it built.
 */
export class SoftwareRaid {
  private devices: MdDevice[] = [];

  constructor(private readonly disks: InventoryDisk[]) {}

  /** The md devices now on the machine. */
  list(): MdDevice[] {
    return this.devices.map((d) => ({ ...d, members: [...d.members] }));
  }

  create(node: RaidNode): Record<string, unknown> {
    const config = node.target_raid_config;
    // IPA: no target, or no logical disk for the 'software' controller: nothing to do, an empty result.
    if (!config || !Object.keys(config).length) return {};
    const logical = config.logical_disks ?? [];
    if (!logical.some((d) => d.controller === 'software')) return {};
    this.validate(logical, node.uuid ?? '');
    const busy = this.disks.filter((d) => this.devices.some((md) => md.members.includes(d.name))).map((d) => d.name);
    if (busy.length) throw new SoftwareRAIDError(`Partitions detected on devices ${busy.join(', ')} during RAID config`);

    // Sizes are taken from every member disk; a 'MAX' device is built last, from what is left.
    const ordered = [...logical.filter((d) => d.size_gb !== 'MAX'), ...logical.filter((d) => d.size_gb === 'MAX')];
    const free = new Map(this.disks.map((d) => [d.name, d.size / GIB]));
    const built: MdDevice[] = [];
    for (const disk of ordered) {
      const members = this.membersFor(disk);
      const left = Math.min(...members.map((m) => free.get(m) ?? 0));
      const size = disk.size_gb === 'MAX' ? left : disk.size_gb;
      if (size <= 0 || size > left) {
        const short = members.find((m) => (free.get(m) ?? 0) < (disk.size_gb === 'MAX' ? 1 : size)) ?? members[0];
        throw new SoftwareRAIDError(`Failed to create partitions on ${short}: not enough free space (${disk.size_gb} GiB asked, ${left} GiB left)`);
      }
      for (const m of members) free.set(m, (free.get(m) ?? 0) - size);
      built.push({ name: `/dev/md${logical.indexOf(disk)}`, level: disk.raid_level, members, sizeGiB: size });
    }
    this.devices = built.sort((a, b) => a.name.localeCompare(b.name));
    return config;
  }

  /** IPA's apply_configuration (a deploy step): the configuration checked, what exists deleted unless asked not to, then built. */
  apply(node: RaidNode, config: RaidNode['target_raid_config'], deleteExisting: boolean): Record<string, unknown> {
    this.validate(config?.logical_disks ?? [], node.uuid ?? '');
    if (deleteExisting) this.delete();
    return this.create({ uuid: node.uuid, target_raid_config: config });
  }

  /** IPA deletes every software RAID device it finds, whatever the target says. */
  delete(): void {
    this.devices = [];
  }

  /** IPA's validate_configuration for software RAID: every problem, joined. */
  private validate(logical: LogicalDisk[], uuid: string): void {
    if (!logical.length) throw new SoftwareRAIDError('RAID config contains no logical disks');
    const errors: string[] = [];
    if (logical.length !== 1 && logical.length !== 2) errors.push('Software RAID configuration requires one or two logical disks');
    for (const disk of logical) {
      if (disk.controller !== 'software') errors.push("Software RAID configuration requires all logical disks to have 'controller'='software'");
      const physical = disk.physical_disks;
      if (physical !== undefined) {
        if (!Array.isArray(physical) || physical.length < 2) {
          errors.push('The physical_disks parameter for software RAID must be a list with at least 2 items, each specifying a disk in the device hints format');
        }
        if (Array.isArray(physical) && physical.some((p) => typeof p !== 'object' || p === null || Array.isArray(p))) {
          errors.push('The physical_disks parameter for software RAID must be a list of device hints (dictionaries)');
        }
      }
    }
    if (logical[0]?.raid_level !== '1') errors.push('Software RAID Configuration requires RAID-1 for the first logical disk');
    if (logical.length === 2) {
      if (logical[0].size_gb === 'MAX' && logical[1].size_gb === 'MAX') errors.push("Software RAID can have only one RAID device with size 'MAX'");
      const level = logical[1].raid_level;
      if (!SUPPORTED_LEVELS.includes(level)) errors.push(`Software RAID configuration does not support RAID level ${level}`);
      const count = this.disks.length;
      if (level === '5' && count < 3) errors.push(`Software RAID configuration is not possible for RAID level 5 with only ${count} block devices found.`);
      if (level === '6' && count < 4) errors.push(`Software RAID configuration is not possible for RAID level 6 with only ${count} block devices found.`);
    }
    if (errors.length) throw new SoftwareRAIDError(`Could not validate Software RAID config for ${uuid}: ${errors.join('; ')}`);
  }

  /** The disks a logical disk is built on: those its physical_disks hints name, else every disk (as IPA). */
  private membersFor(disk: LogicalDisk): string[] {
    const hints = (disk.physical_disks ?? []) as { name?: string }[];
    if (!hints.length) return this.disks.map((d) => d.name);
    return hints.map((hint) => {
      const found = this.disks.find((d) => d.name === hint.name);
      if (!found) throw new SoftwareRAIDError(`No device matches the physical_disks hint ${JSON.stringify(hint)}`);
      return found.name;
    });
  }
}
