import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { Dict } from '@ferrum/contracts';
import { filterTargetRaidConfig, pyUtcNow, raidInfoChanges, validateRaidConfig, type LogicalDisk, type RaidConfig } from './raid-config';
import { RAID_LOGICAL_DISK_PROPERTIES } from './raid-properties';

const disk = (extra: Record<string, unknown> = {}) => ({ raid_level: '1', size_gb: 100, ...extra });
/** A configuration as both the schema check (any value) and the recording helpers (typed) take it. */
const target = (...disks: unknown[]) => ({ logical_disks: disks as LogicalDisk[] }) as RaidConfig & Dict;

/** Each refusal as the real Ironic 21.4 words it (raid.validate_configuration with python-jsonschema 4.10, run to get these texts). */
const REFUSALS: [string, unknown, string][] = [
  ['an empty configuration', {}, "RAID config validation error: 'logical_disks' is a required property"],
  ['another key only', { foo: 1 }, "RAID config validation error: 'logical_disks' is a required property"],
  ['an extra top-level key', { logical_disks: [disk()], foo: 1 }, "RAID config validation error: Additional properties are not allowed ('foo' was unexpected)"],
  ['no logical disk', target(), 'RAID config validation error: [] is too short'],
  ['logical_disks not a list', { logical_disks: { raid_level: '1' } }, "RAID config validation error: {'raid_level': '1'} is not of type 'array'"],
  ['no size', target({ raid_level: '1' }), "RAID config validation error: 'size_gb' is a required property"],
  ['no level', target({ size_gb: 10 }), "RAID config validation error: 'raid_level' is a required property"],
  ['an unknown level', target(disk({ raid_level: '7' })), "RAID config validation error: '7' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']"],
  ['a level as a number', target(disk({ raid_level: 1 })), "RAID config validation error: 1 is not of type 'string'"],
  ['a negative size', target(disk({ size_gb: -1 })), 'RAID config validation error: -1 is less than the minimum of 0'],
  ['a size as a word', target(disk({ size_gb: 'big' })), "RAID config validation error: 'big' is not one of ['MAX']"],
  ['a fractional size', target(disk({ size_gb: 1.5 })), 'RAID config validation error: 1.5 is not valid under any of the given schemas'],
  ['a null size', target(disk({ size_gb: null })), 'RAID config validation error: None is not valid under any of the given schemas'],
  ['an unknown disk key', target(disk({ speed: 'fast' })), "RAID config validation error: Additional properties are not allowed ('speed' was unexpected)"],
  ['is_root_volume as a string', target(disk({ is_root_volume: 'yes' })), "RAID config validation error: 'yes' is not of type 'boolean'"],
  ['an unknown disk type', target(disk({ disk_type: 'nvme' })), "RAID config validation error: 'nvme' is not one of ['hdd', 'ssd']"],
  ['an unknown interface type', target(disk({ interface_type: 'usb' })), "RAID config validation error: 'usb' is not one of ['sata', 'scsi', 'sas']"],
  ['zero physical disks', target(disk({ number_of_physical_disks: 0 })), 'RAID config validation error: 0 is less than or equal to the minimum of 0'],
  ['physical disks without a controller', target(disk({ physical_disks: ['a', 'b'] })), "RAID config validation error: 'controller' is a dependency of 'physical_disks'"],
  ['one physical disk object', target(disk({ controller: 'c0', physical_disks: [{ id: 1 }] })), "RAID config validation error: {'id': 1} is not of type 'string'"],
  ['mixed physical disks', target(disk({ controller: 'c0', physical_disks: ['a', { id: 1 }] })), "RAID config validation error: ['a', {'id': 1}] is not valid under any of the given schemas"],
  ['a disk that is not an object', target('raid1'), "RAID config validation error: 'raid1' is not of type 'object'"],
  ['several errors in one disk', target({ raid_level: '9', size_gb: -3, x: 1 }), "RAID config validation error: Additional properties are not allowed ('x' was unexpected)"],
  ['two root volumes', target(disk({ is_root_volume: true }), disk({ is_root_volume: true })), 'Raid config cannot have more than one root volume. 2 root volumes were specified'],
];

describe('RAID configurations (Ironic raid.validate_configuration)', () => {
  it.each(REFUSALS)('refuses %s with Ironic\'s message', (_name, config, message) => {
    expect(() => validateRaidConfig(config)).toThrow(InvalidParameterValue);
    expect(() => validateRaidConfig(config)).toThrow(message);
  });

  it('accepts every property of the schema, MAX sizes and one root volume', () => {
    expect(() =>
      validateRaidConfig(
        target(
          disk({ is_root_volume: true, volume_name: 'root', share_physical_disks: false, disk_type: 'ssd', interface_type: 'sas', number_of_physical_disks: 2 }),
          { raid_level: '5+0', size_gb: 'MAX', controller: 'c0', physical_disks: [{ name: '/dev/sda' }, { name: '/dev/sdb' }] },
          { raid_level: 'JBOD', size_gb: 0, controller: 'c1', physical_disks: ['1I:1:1'] },
        ),
      ),
    ).not.toThrow();
  });

  it('describes the logical disk properties from the same schema', () => {
    expect(Object.keys(RAID_LOGICAL_DISK_PROPERTIES)).toEqual([
      'raid_level', 'size_gb', 'volume_name', 'is_root_volume', 'share_physical_disks', 'disk_type', 'interface_type', 'number_of_physical_disks', 'controller', 'physical_disks',
    ]);
    expect(RAID_LOGICAL_DISK_PROPERTIES.size_gb).toMatch(/^Size in GiB \(Integer\) for the logical disk\. Use 'MAX'/);
  });
});

describe('recording a built configuration (Ironic raid.update_raid_info)', () => {
  const now = new Date('2026-12-05T23:40:12.345Z');

  it('stamps last_updated as Python prints utcnow()', () => {
    expect(pyUtcNow(now)).toBe('2026-12-05 23:40:12.345000');
  });

  it('sets local_gb, the root device hint and the raid_level capability from the root volume', () => {
    const changes = raidInfoChanges(
      { properties: { cpus: 2, capabilities: 'boot_mode:uefi,raid_level:0' } },
      target(disk({ is_root_volume: true, size_gb: 50, root_device_hint: { name: '/dev/md0' } }), disk({ raid_level: '5' })),
      now,
    );
    expect(changes.raid_config).toEqual({ ...target(disk({ is_root_volume: true, size_gb: 50, root_device_hint: { name: '/dev/md0' } }), disk({ raid_level: '5' })), last_updated: '2026-12-05 23:40:12.345000' });
    expect(changes.properties).toEqual({ cpus: 2, local_gb: 50, root_device: { name: '/dev/md0' }, capabilities: 'boot_mode:uefi,raid_level:1' });
  });

  it("keeps local_gb for a 'MAX' root volume, and leaves properties alone without a root volume", () => {
    expect(raidInfoChanges({ properties: { local_gb: 10 } }, target(disk({ is_root_volume: true, size_gb: 'MAX' })), now).properties).toEqual({ local_gb: 10, capabilities: 'raid_level:1' });
    expect(raidInfoChanges({ properties: { local_gb: 10 } }, target(disk()), now).properties).toBeUndefined();
  });

  it('refuses malformed capabilities as Ironic does', () => {
    expect(() => raidInfoChanges({ properties: { capabilities: 'boot_mode:bios,boot_option' } }, target(disk({ is_root_volume: true })), now)).toThrow(
      "Invalid capabilities string 'boot_mode:bios,boot_option'.",
    );
  });
});

describe('the target to build (Ironic raid.filter_target_raid_config)', () => {
  const node = { uuid: 'a7b3e3f2-5f7c-4b8e-9d55-7c1e6f2a0b11', target_raid_config: target(disk({ is_root_volume: true }), disk({ raid_level: '0' })) };

  it('is the whole target by default, or without the root or the other volumes', () => {
    expect(filterTargetRaidConfig(node).logical_disks).toHaveLength(2);
    expect(filterTargetRaidConfig(node, false).logical_disks).toEqual([disk({ raid_level: '0' })]);
    expect(filterTargetRaidConfig(node, true, false).logical_disks).toEqual([disk({ is_root_volume: true })]);
  });

  it('is refused when the node has none or nothing is left', () => {
    expect(() => filterTargetRaidConfig({ ...node, target_raid_config: {} })).toThrow(new MissingParameterValue({ message: `Node ${node.uuid} has no target RAID configuration.` }));
    expect(() => filterTargetRaidConfig(node, false, false)).toThrow(`Node ${node.uuid} has empty target RAID configuration after skipping root volume and skipping non-root volumes.`);
  });
});
