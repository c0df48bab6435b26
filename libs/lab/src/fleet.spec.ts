import { RedfishEmulator } from '@ferrum/bmc-emulator';
import { buildFleet, machineName } from './fleet';
import { TEMPLATES } from './hardware-templates';
import { DISCARD_DISK } from '@ferrum/contracts';
import { mockupDir } from './repo-files';

const noFaults = { bmcTimeout: 0, agentCrash: 0, badChecksum: 0 };
const emulator = (systems: number) => new RedfishEmulator({ mockupDir: mockupDir(), systems });

describe('the lab fleet', () => {
  it('is one machine per ComputerSystem, named lab-0001…, each with the NICs its BMC shows', () => {
    const bmc = emulator(5);
    const fleet = buildFleet(bmc, { disks: 'discard', dir: '/tmp/lab', shares: noFaults });
    expect(fleet.map((m) => m.name)).toEqual(['lab-0001', 'lab-0002', 'lab-0003', 'lab-0004', 'lab-0005']);
    expect(fleet.map((m) => m.system)).toEqual(bmc.systemIds);
    for (const m of fleet) {
      expect(m.hardware.nics.map((n) => n.mac)).toEqual(bmc.nicMacs(m.system));
      expect(m.hardware.nics.length).toBeGreaterThan(0);
      expect(m.disk).toBe(DISCARD_DISK);
    }
    // Every machine's NICs are its own: a lookup by MAC finds one machine.
    const macs = fleet.flatMap((m) => m.hardware.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(macs.length);
    expect(fleet.map((m) => m.kind)).toEqual([0, 1, 2, 3, 4].map((i) => TEMPLATES[i % TEMPLATES.length].kind));
  });

  it('gives each machine a disk file of its own when asked for files', () => {
    const fleet = buildFleet(emulator(2), { disks: 'files', dir: '/var/lab', shares: noFaults });
    expect(fleet.map((m) => m.disk)).toEqual(['/var/lab/disks/lab-0001.img', '/var/lab/disks/lab-0002.img']);
  });

  it('injects each fault into the share of machines asked for, never two faults into one machine, the same ones every time', () => {
    const shares = { bmcTimeout: 0.1, agentCrash: 0.05, badChecksum: 0.2 };
    const fleet = buildFleet(emulator(40), { disks: 'discard', dir: '/tmp/lab', shares });
    const named = (f: 'bmcTimeout' | 'agentCrash' | 'badChecksum') => fleet.filter((m) => m.faults[f]).map((m) => m.name);
    expect([named('bmcTimeout').length, named('agentCrash').length, named('badChecksum').length]).toEqual([4, 2, 8]);
    expect(fleet.filter((m) => Object.keys(m.faults).length > 1)).toEqual([]);
    const again = buildFleet(emulator(40), { disks: 'discard', dir: '/tmp/lab', shares });
    expect(again.filter((m) => m.faults.badChecksum).map((m) => m.name)).toEqual(named('badChecksum'));
    // Spread over the fleet, not the first few machines.
    expect(named('badChecksum')).not.toEqual(Array.from({ length: 8 }, (_, i) => machineName(i)));
  });
});
