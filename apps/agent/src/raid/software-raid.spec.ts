import { SoftwareRAIDError, SoftwareRaid, parseSimDisks } from './software-raid';

const UUID = 'a7b3e3f2-5f7c-4b8e-9d55-7c1e6f2a0b11';
const node = (...logical_disks: Record<string, unknown>[]) => ({ uuid: UUID, target_raid_config: { logical_disks } as never });

describe("the agent's simulated software RAID (IPA's GenericHardwareManager)", () => {
  it('reports the simulated disks in the inventory form, and refuses a malformed list', () => {
    const disks = parseSimDisks('sda=100, sdb=50');
    expect(disks.map((d) => [d.name, d.size])).toEqual([['/dev/sda', 100 * 1024 ** 3], ['/dev/sdb', 50 * 1024 ** 3]]);
    expect(() => parseSimDisks('sda=big')).toThrow('ferrum-sim-disks: "sda=big" is not name=GiB');
  });

  it('builds a RAID-1 then a MAX device over every disk, returns the target, and deletes everything', () => {
    const raid = new SoftwareRaid(parseSimDisks('sda=100,sdb=100,sdc=60'));
    const target = node({ raid_level: '5', size_gb: 'MAX', controller: 'software' }, { raid_level: '1', size_gb: 20, controller: 'software' });
    // IPA wants RAID-1 first.
    expect(() => raid.create(target)).toThrow(`Could not validate Software RAID config for ${UUID}: Software RAID Configuration requires RAID-1 for the first logical disk`);
    const ok = node({ raid_level: '1', size_gb: 20, controller: 'software' }, { raid_level: '5', size_gb: 'MAX', controller: 'software' });
    expect(raid.create(ok)).toBe(ok.target_raid_config);
    expect(raid.list()).toEqual([
      { name: '/dev/md0', level: '1', members: ['/dev/sda', '/dev/sdb', '/dev/sdc'], sizeGiB: 20 },
      { name: '/dev/md1', level: '5', members: ['/dev/sda', '/dev/sdb', '/dev/sdc'], sizeGiB: 40 },
    ]);
    expect(() => raid.create(ok)).toThrow(new SoftwareRAIDError('Partitions detected on devices /dev/sda, /dev/sdb, /dev/sdc during RAID config'));
    raid.delete();
    expect(raid.list()).toEqual([]);
  });

  it("builds nothing without a target or a 'software' logical disk, and gathers every validation error", () => {
    const raid = new SoftwareRaid(parseSimDisks('sda=10,sdb=10'));
    expect(raid.create({ uuid: UUID })).toEqual({});
    expect(raid.create(node({ raid_level: '1', size_gb: 5 }))).toEqual({});
    expect(() => raid.create(node({ raid_level: '1', size_gb: 'MAX', controller: 'software' }, { raid_level: '6', size_gb: 'MAX', controller: 'software', physical_disks: ['x'] }))).toThrow(
      `Could not validate Software RAID config for ${UUID}: The physical_disks parameter for software RAID must be a list with at least 2 items, each specifying a disk in the device hints format; ` +
        'The physical_disks parameter for software RAID must be a list of device hints (dictionaries); ' +
        "Software RAID can have only one RAID device with size 'MAX'; Software RAID configuration is not possible for RAID level 6 with only 2 block devices found.",
    );
    expect(() => raid.create(node({ raid_level: '1', size_gb: 11, controller: 'software' }))).toThrow('Failed to create partitions on /dev/sda: not enough free space (11 GiB asked, 10 GiB left)');
  });

  it('applies a configuration as IPA\'s deploy step: checked first, the existing devices replaced unless asked to keep them', () => {
    const raid = new SoftwareRaid(parseSimDisks('sda=10,sdb=10'));
    const one = { logical_disks: [{ raid_level: '1', size_gb: 4, controller: 'software' }] } as never;
    expect(raid.apply({ uuid: UUID }, one, true)).toBe(one);
    expect(raid.apply({ uuid: UUID }, one, true)).toBe(one);
    expect(raid.list()).toHaveLength(1);
    expect(() => raid.apply({ uuid: UUID }, one, false)).toThrow('Partitions detected on devices /dev/sda, /dev/sdb during RAID config');
    expect(() => raid.apply({ uuid: UUID }, { logical_disks: [{ raid_level: '1', size_gb: 4 }] }, true)).toThrow(
      `Could not validate Software RAID config for ${UUID}: Software RAID configuration requires all logical disks to have 'controller'='software'`,
    );
    expect(() => raid.apply({ uuid: UUID }, { logical_disks: [] }, true)).toThrow('RAID config contains no logical disks');
    expect(raid.list()).toHaveLength(1);
  });
});
