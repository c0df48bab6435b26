import { type Collector, isNotInstalled, message } from './collector';

/** One dmidecode record: `Key: value` rows, `Key:` followed by indented lines as a list, and the `Handle` line. */
export type DmiRecord = Record<string, string | string[] | number>;

export interface Dmi {
  bios: DmiRecord;
  cpu: DmiRecord[];
  memory: DmiRecord & { devices?: DmiRecord[] };
}

const BIOS = 0;
const PROCESSOR = 4;
const MEMORY_ARRAY = 16;
const MEMORY_DEVICE = 17;

/** Output dmidecode produced but IPA could not read (its ValueError): logged, `dmi` is sent empty. */
export class DmiFormatError extends Error {}

function parseRecord(block: string): DmiRecord {
  const rows: DmiRecord = {};
  let listKey: string | null = null;
  for (const raw of block.split('\n')) {
    const line = raw.trim();
    if (line.includes(':')) {
      const at = line.indexOf(':');
      const key = line.slice(0, at).trim();
      const value = line.slice(at + 1).trim();
      rows[key] = value || [];
      listKey = value ? null : key;
    } else if (line.includes('Handle 0x')) {
      rows.Handle = line;
    } else if (listKey !== null) {
      (rows[listKey] as string[]).push(line);
    }
  }
  return rows;
}

/**
 * Parses `dmidecode -t bios -t processor -t memory` output the way IPA does: records are separated by blank
 * lines and start with `Handle 0x…, DMI type N, …`; type 0 is `bios`, type 4 each `cpu`, type 16 (the memory
 * arrays) is `memory` with their `Number Of Devices` summed, and type 17 the memory `devices`.
 * @throws DmiFormatError when a memory array's `Number Of Devices` is not a number;
 *   Error when it has none (IPA lets that fail the collector)
 */
export function parseDmi(output: string): Dmi {
  const dmi: Dmi = { bios: {}, cpu: [], memory: { devices: [] } };
  const arrays: DmiRecord[] = [];
  const devices: DmiRecord[] = [];
  for (const block of output.split('\n\n')) {
    if (!block.startsWith('Handle 0x')) continue;
    const type = /^Handle 0x[0-9A-Fa-f]+,\s*DMI type (\d+)/.exec(block);
    if (!type) continue;
    const n = Number(type[1]);
    if (n === BIOS) dmi.bios = parseRecord(block);
    else if (n === PROCESSOR) dmi.cpu.push(parseRecord(block));
    else if (n === MEMORY_ARRAY) arrays.push(parseRecord(block));
    else if (n === MEMORY_DEVICE) devices.push(parseRecord(block));
  }
  if (arrays.length) {
    const count = arrays.reduce((sum, a) => {
      if (!('Number Of Devices' in a)) throw new Error(`memory array ${String(a.Handle)} has no 'Number Of Devices'`);
      const text = String(a['Number Of Devices']);
      if (!/^\d+$/.test(text)) throw new DmiFormatError(`memory array ${String(a.Handle)} has 'Number Of Devices: ${text}'`);
      return sum + Number(text);
    }, 0);
    const { Handle: _handle, ...first } = arrays[0];
    dmi.memory = { ...first, 'Number Of Devices': count };
  }
  if (devices.length) dmi.memory.devices = devices;
  return dmi;
}

/**
 * IPA's `dmi-decode` collector: `dmi: {bios, cpu, memory}` from dmidecode.
 * Unlike IPA, which counts a missing dmidecode as an inspection failure, a machine without the dmidecode binary
 * is skipped with a log line (no `dmi` field, no error): the Ferrum ramdisk does not always ship it, and the
 * inventory already has what Ironic needs. dmidecode present but failing (no DMI tables, not allowed) is a
 * failure, as in IPA.
 */
export const collectDmiDecode: Collector = async (ctx, failures) => {
  let output: string;
  try {
    output = await ctx.run('dmidecode', ['-t', 'bios', '-t', 'processor', '-t', 'memory']);
  } catch (err) {
    if (isNotInstalled(err)) {
      ctx.log('dmi-decode: skipped, the dmidecode program is not installed');
      return {};
    }
    failures.add(`failed to run dmidecode: ${message(err)}`);
    return {};
  }
  try {
    return { dmi: parseDmi(output) };
  } catch (err) {
    if (!(err instanceof DmiFormatError)) throw err;
    ctx.log(`dmi-decode: failed to parse the dmidecode output: ${err.message}`);
    return { dmi: {} };
  }
};
