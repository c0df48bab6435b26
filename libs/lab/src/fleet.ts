import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RedfishEmulator } from '@ferrum/bmc-emulator';
import { machineHardware } from './hardware-templates';
import type { LabFaults, LabMachine } from './machine-room';
import { DISCARD_DISK } from '@ferrum/contracts';

export interface FaultShares {
  bmcTimeout: number;
  agentCrash: number;
  badChecksum: number;
}

/** lab-0001, lab-0002…: the names the machines are enrolled under. */
export const machineName = (index: number) => `lab-${String(index + 1).padStart(4, '0')}`;

/**
 * The lab's machines, one per ComputerSystem of the emulator, each of a kind from the templates and with the
 * NICs its BMC shows. Faults go to disjoint sets of machines of the sizes the shares ask for, picked by a hash
 * of the name: the same machines at every start, spread over the kinds.
 */
export function buildFleet(emulator: RedfishEmulator, options: { disks: 'discard' | 'files'; dir: string; shares: FaultShares }): LabMachine[] {
  const machines = emulator.systemIds.map((system, index): LabMachine => {
    const name = machineName(index);
    const { kind, hardware } = machineHardware(index, emulator.nicMacs(system));
    return { index, system, name, kind, hardware, disk: options.disks === 'files' ? join(options.dir, 'disks', `${name}.img`) : DISCARD_DISK, faults: {} };
  });
  const order = [...machines].sort((a, b) => hash(a.name).localeCompare(hash(b.name)));
  let next = 0;
  const assign = (share: number, fault: keyof LabFaults) => {
    for (const m of order.slice(next, next + Math.round(share * machines.length))) m.faults[fault] = true;
    next += Math.round(share * machines.length);
  };
  assign(options.shares.bmcTimeout, 'bmcTimeout');
  assign(options.shares.agentCrash, 'agentCrash');
  assign(options.shares.badChecksum, 'badChecksum');
  return machines;
}

const hash = (s: string) => createHash('sha1').update(s).digest('hex');
