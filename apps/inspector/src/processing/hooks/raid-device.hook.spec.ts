import type { Dict } from '@ferrum/contracts';
import { raidRootDevice } from './raid-device.hook';

const GiB = 1024 ** 3;
// Before: two SSDs the RAID is built from and a data disk. After: the controller also exposes the volume.
const before: Dict = {
  disks: [
    { name: '/dev/sda', model: 'PERC H730P', size: 480 * GiB, serial: '61866da04f3807001ea3e4a00eb5ec0a' },
    { name: '/dev/sdb', model: 'PERC H730P', size: 480 * GiB, serial: '61866da04f3807001ea3e4a00eb5ec0b' },
    { name: '/dev/sdc', model: 'ST4000NM', size: 4000 * GiB, serial: 'ZC1AB2CD' },
  ],
};
const volume = { name: '/dev/sdd', model: 'PERC H730P', size: 480 * GiB, serial: '61866da04f3807001ea3e4a00eb5ec0c' };
const after: Dict = { disks: [...(before.disks as Dict[]), volume] };

describe("Ironic's raid-device hook", () => {
  it('takes the one new disk serial since the stored inventory as root_device', () => {
    expect(raidRootDevice({}, after, before, jest.fn())).toEqual({ serial: volume.serial });
  });

  it('does nothing on the first run (no stored inventory) or when the node has a hint', () => {
    const warn = jest.fn();
    expect(raidRootDevice({}, after, undefined, warn)).toBeUndefined();
    expect(raidRootDevice({ root_device: { name: '/dev/sda' } }, after, before, warn)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns when the ramdisk sent no disks with serials, or no or several new disks', () => {
    const warn = jest.fn();
    expect(raidRootDevice({}, { disks: [{ name: '/dev/sda', serial: null }] }, before, warn)).toBeUndefined();
    expect(warn).toHaveBeenLastCalledWith('No block device information was received from the ramdisk');
    expect(raidRootDevice({}, before, before, warn)).toBeUndefined();
    expect(warn).toHaveBeenLastCalledWith('No new devices were found');
    const two = { disks: [...(after.disks as Dict[]), { name: '/dev/sde', serial: 'NEW2' }] };
    expect(raidRootDevice({}, two, before, warn)).toBeUndefined();
    expect(warn).toHaveBeenLastCalledWith('Root device cannot be identified because multiple new devices were found');
  });

  it('counts every disk as new when the stored inventory has none', () => {
    expect(raidRootDevice({}, { disks: [volume] }, {}, jest.fn())).toEqual({ serial: volume.serial });
  });
});
