import type { Dict } from '@ferrum/contracts';

const ITEM_SIZE = 4;

/** Python's int() on a value: whole numbers from numbers and integer strings, else the value unchanged. */
function asInt(value: unknown): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.trim().replace(/_/g, ''));
  return value;
}

/** A dict key as Python takes it and its JSON then writes it: scalars as strings; a list or dict is unhashable. */
function key(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  throw new Error(`unhashable type: '${Array.isArray(value) ? 'list' : 'dict'}'`);
}

/**
 * Ironic's extra-hardware hook: hardware-detect's records ([category, item, field, value], from IPA's
 * extra-hardware collector in plugin_data.data) become plugin_data.extra[category][item][field], with
 * integer values as numbers, for inspection rules; `data` is then dropped. Data in another shape is left
 * as it is (warned), or dropped too when `strict` ([inspector]extra_hardware_strict, which also wants
 * every record to have exactly four fields).
 */
export function convertExtraHardware(pluginData: Dict, strict: boolean, warn: (message: string) => void): void {
  if (!('data' in pluginData)) {
    warn('No extra hardware information was received from the ramdisk');
    return;
  }
  const data = pluginData.data;
  if (!Array.isArray(data) || !data.every((item) => Array.isArray(item) && (!strict || item.length === ITEM_SIZE))) {
    warn('Extra hardware data was not in a recognised format, and will not be forwarded to inspection rules');
    if (strict) delete pluginData.data;
    return;
  }
  const extra: Record<string, Record<string, Dict>> = {};
  for (const item of data as unknown[][]) {
    if (!item.length) continue;
    // Step by step as Ironic's setdefault calls: a short record still leaves the levels it named.
    try {
      const level0 = (extra[key(item[0])] ??= {});
      if (item.length < 2) throw new Error('list index out of range');
      const level1 = (level0[key(item[1])] ??= {});
      if (item.length < ITEM_SIZE) throw new Error('list index out of range');
      level1[key(item[2])] = asInt(item[3]) as Dict[string];
    } catch (err) {
      warn(`Ignoring invalid extra data item ${JSON.stringify(item)}. Error: ${(err as Error).message}`);
    }
  }
  pluginData.extra = extra;
  delete pluginData.data;
}
