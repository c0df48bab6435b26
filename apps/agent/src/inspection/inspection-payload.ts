import type { Inventory } from '@ferrum/contracts';
import { gzipSync } from 'node:zlib';
import { defaultRootDisk } from '../inventory';

/** Collectors this agent has (IPA's names); `default` must be there for the inspector to find the machine. */
export const KNOWN_COLLECTORS = ['default', 'logs'] as const;

export interface PayloadInputs {
  inventory: Inventory;
  collectors: string[];
  bootif: string | null;
  version: string;
  /** What the `logs` collector packs (IPA sends the journal; we send what the agent can see of its boot). */
  logFiles: Record<string, string>;
}

/**
 * The inspection payload (spec §13.4). Collector failures do not stop the report: they are accumulated in
 * `error` (IPA does the same), so the inspector can fail the right node instead of waiting for a timeout.
 */
export function inspectionPayload(inputs: PayloadInputs): Record<string, unknown> {
  const failures: string[] = [];
  const unknown = inputs.collectors.filter((c) => !(KNOWN_COLLECTORS as readonly string[]).includes(c));
  if (unknown.length) failures.push(`Unknown inspection collector(s): ${unknown.join(', ')}`);
  const payload: Record<string, unknown> = {};
  // The inventory always goes: without it the inspector cannot tell which node failed.
  payload.inventory = inputs.inventory;
  const root = defaultRootDisk(inputs.inventory);
  if (root) payload.root_disk = root;
  payload.boot_interface = inputs.bootif;
  payload.configuration = { collectors: inputs.collectors, managers: [{ name: 'ferrum_hardware_manager', version: inputs.version }] };
  payload.error = failures.length ? failures.join('\n') : null;
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
