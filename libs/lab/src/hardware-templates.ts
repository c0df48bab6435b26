import type { LabHardware } from '@ferrum/contracts';

/** A kind of server in the lab's racks; machines take the kinds in turn. */
interface Template {
  kind: string;
  cpus: number;
  cpuModel: string;
  memoryMiB: number;
  disks: { sizeGiB: number; rotational: boolean; model: string }[];
}

const GIB_MIB = 1024;

/** Three kinds, so inspection rules and traits have something to tell apart. */
export const TEMPLATES: readonly Template[] = [
  {
    kind: 'compute',
    cpus: 32,
    cpuModel: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
    memoryMiB: 256 * GIB_MIB,
    disks: [{ sizeGiB: 480, rotational: false, model: 'SAMSUNG MZ7LH480' }],
  },
  {
    kind: 'storage',
    cpus: 16,
    cpuModel: 'AMD EPYC 7302P 16-Core Processor',
    memoryMiB: 128 * GIB_MIB,
    disks: [
      { sizeGiB: 240, rotational: false, model: 'INTEL SSDSC2KB240G8' },
      { sizeGiB: 4000, rotational: true, model: 'ST4000NM000A' },
      { sizeGiB: 4000, rotational: true, model: 'ST4000NM000A' },
    ],
  },
  {
    kind: 'edge',
    cpus: 8,
    cpuModel: 'Intel(R) Xeon(R) D-2123IT CPU @ 2.20GHz',
    memoryMiB: 32 * GIB_MIB,
    disks: [{ sizeGiB: 128, rotational: false, model: 'Micron 2300 NVMe' }],
  },
];

/** The i-th machine's hardware: its kind's, with the NICs its BMC shows (so in-band and out-of-band agree). */
export function machineHardware(index: number, macs: string[]): { kind: string; hardware: LabHardware } {
  const t = TEMPLATES[index % TEMPLATES.length];
  const serial = `LAB${String(index + 1).padStart(6, '0')}`;
  const nvme = t.disks[0].model.includes('NVMe');
  return {
    kind: t.kind,
    hardware: {
      cpus: t.cpus,
      cpuModel: t.cpuModel,
      architecture: 'x86_64',
      memoryMiB: t.memoryMiB,
      nics: macs.map((mac, i) => ({ name: `eth${i}`, mac })),
      disks: t.disks.map((d, i) => ({
        name: nvme ? `nvme${i}n1` : `sd${String.fromCharCode(97 + i)}`,
        sizeGiB: d.sizeGiB,
        rotational: d.rotational,
        model: d.model,
        serial: `${serial}-D${i}`,
      })),
      vendor: { manufacturer: 'Ferrum Lab', productName: `lab-${t.kind}`, serialNumber: serial },
      bootMode: 'uefi',
    },
  };
}
