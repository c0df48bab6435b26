import type { Dict } from '@ferrum/contracts';
import { lldpOf } from './local-link-connection.hook';
import { NameValues, parseTlv } from './lldp-parser';
import { unhex } from './lldp-tlvs';

/** Ironic's cap: an LLDPDU belongs to one physical NIC, so more than this many NICs is not believed. */
const MAX_INTERFACES = 64;

/**
 * Ironic's parse-lldp hook: the basic, 802.1 and 802.3 TLVs of every NIC in the inventory, readable, in
 * plugin_data.parsed_lldp by NIC name (for inspection rules and operators). A NIC with nothing parsed gets
 * no entry, and parsed_lldp is written only when some NIC has one.
 */
export function parseLldp(inventory: Dict, pluginData: Dict, warn: (message: string) => void): void {
  let interfaces = (Array.isArray(inventory.interfaces) ? inventory.interfaces : []) as Dict[];
  if (interfaces.length > MAX_INTERFACES) {
    warn(`Interface count (${interfaces.length}) exceeds maximum supported amount (${MAX_INTERFACES}); truncating interfaces.`);
    interfaces = interfaces.slice(0, MAX_INTERFACES);
  }
  for (const iface of interfaces) {
    // Ironic keys parsed_lldp by the name; a NIC without one cannot be reported.
    if (!iface || typeof iface !== 'object' || typeof iface.name !== 'string') continue;
    const name = iface.name;
    const tlvs = lldpOf(iface, pluginData);
    if (!tlvs) {
      warn(`No LLDP Data found for interface ${name}`);
      continue;
    }
    const nv = new NameValues();
    for (const tlv of tlvs) {
      if (!Array.isArray(tlv)) continue;
      const [type, value] = tlv as [unknown, unknown];
      let data: Uint8Array;
      try {
        data = unhex(value);
      } catch {
        // Ironic means to skip such a TLV (it catches TypeError, but unhexlify raises binascii.Error).
        warn(`TLV value for TLV type ${String(type)} is not in correct format, value must be in hexadecimal.`);
        continue;
      }
      parseTlv(Number(type), data, nv, warn);
    }
    if (Object.keys(nv.values).length) {
      const parsed = (pluginData.parsed_lldp && typeof pluginData.parsed_lldp === 'object' ? pluginData.parsed_lldp : {}) as Dict;
      pluginData.parsed_lldp = { ...parsed, [name]: nv.values };
    }
  }
}
