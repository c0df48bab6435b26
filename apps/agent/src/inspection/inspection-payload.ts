import type { Inventory } from '@ferrum/contracts';
import { gzipSync } from 'node:zlib';
import { defaultRootDisk } from '../inventory';
import { type Collector, type CollectorContext, defaultContext, Failures, message } from './collector';
import { collectDmiDecode } from './dmi-decode';
import { collectExtraHardware } from './extra-hardware';
import { collectLldp } from './lldp';
import { collectNumaTopology } from './numa-topology';
import { collectPciDevices } from './pci-devices';
import { collectUsbDevices } from './usb-devices';

/** The collectors that add fields of their own, by IPA's names. */
const COLLECTORS: Record<string, Collector> = {
  'extra-hardware': collectExtraHardware,
  'pci-devices': collectPciDevices,
  'numa-topology': collectNumaTopology,
  'dmi-decode': collectDmiDecode,
  lldp: collectLldp,
  'usb-devices': collectUsbDevices,
};

/** Collectors this agent has (IPA's names); `default` must be there for the inspector to find the machine. */
export const KNOWN_COLLECTORS = ['default', 'logs', ...Object.keys(COLLECTORS)] as const;

export interface PayloadInputs {
  inventory: Inventory;
  collectors: string[];
  bootif: string | null;
  version: string;
  /** What the `logs` collector packs (IPA sends the journal; we send what the agent can see of its boot). */
  logFiles: Record<string, string>;
  /** Where the collectors read sysfs, LLDP captures and programs from (the machine's by default). */
  context?: Partial<CollectorContext>;
}

/**
 * The inspection payload (spec §13.4). Collector failures do not stop the report: they are accumulated in
 * `error` (IPA does the same), so the inspector can fail the right node instead of waiting for a timeout.
 * The other collectors run in the order they are listed, each adding its fields (IPA's data formats).
 */
export async function inspectionPayload(inputs: PayloadInputs): Promise<Record<string, unknown>> {
  const failures = new Failures();
  const unknown = inputs.collectors.filter((c) => !(KNOWN_COLLECTORS as readonly string[]).includes(c));
  if (unknown.length) failures.add(`Unknown inspection collector(s): ${unknown.join(', ')}`);
  const payload: Record<string, unknown> = {};
  // The inventory always goes: without it the inspector cannot tell which node failed.
  payload.inventory = inputs.inventory;
  const root = defaultRootDisk(inputs.inventory);
  if (root) payload.root_disk = root;
  payload.boot_interface = inputs.bootif;
  payload.configuration = { collectors: inputs.collectors, managers: [{ name: 'ferrum_hardware_manager', version: inputs.version }] };
  const ctx = defaultContext(inputs.context);
  for (const name of new Set(inputs.collectors)) {
    const collector = COLLECTORS[name];
    if (!collector) continue;
    try {
      Object.assign(payload, await collector(ctx, failures));
    } catch (err) {
      // As IPA: an unexpected error in one collector is reported, the others still run.
      failures.add(`collector ${name} failed: ${message(err)}`);
    }
  }
  payload.error = failures.messages.length ? failures.messages.join('\n') : null;
  // `logs` goes last, as in IPA.
  if (inputs.collectors.includes('logs')) payload.logs = tarGz(inputs.logFiles).toString('base64');
  return payload;
}

/** A gzipped POSIX tar of small text files (the format the inspector's ramdisk log store expects). */
export function tarGz(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text, 'utf8');
    const header = Buffer.alloc(512);
    header.write(name.slice(0, 99), 0, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
