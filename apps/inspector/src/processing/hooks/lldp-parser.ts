import type { Dict } from '@ferrum/contracts';
import { chassisId, ianaAddress, need, portId, TlvError, utf8 } from './lldp-tlvs';

/** Ironic's LLDP_TLV_VALUE_MAX_LEN: a longer value is refused. */
const MAX_LEN = 511;
const DOT1_OUI = '0080c2';
const DOT3_OUI = '00120f';

/** Names of IEEE's system capability bits (LSB is "other"), in Ironic's order. */
const SYSTEM_CAPS: [number, string][] = [
  [1, 'Repeater'],
  [2, 'Bridge'],
  [3, 'WLAN'],
  [4, 'Router'],
  [5, 'Telephone'],
  [6, 'DOCSIS cable device'],
  [7, 'Station only'],
  [8, 'C-Vlan'],
  [9, 'S-Vlan'],
  [10, 'TPMR'],
];

/**
 * The PMD auto-negotiation bits (RFC 4836, bit 14 is 10BASE-T half duplex). Ironic maps "10BASE-T fdx"
 * from the half duplex bit too (lldp_tlvs.get_autoneg_cap); kept, so the names match Ironic's.
 */
const PMD_CAPS: [number, string][] = [
  [14, '10BASE-T hdx'],
  [14, '10BASE-T fdx'],
  [12, '10BASE-T4'],
  [11, '100BASE-TX hdx'],
  [10, '100BASE-TX fdx'],
  [9, '100BASE-T2 hdx'],
  [8, '100BASE-T2 fdx'],
  [7, 'PAUSE fdx'],
  [6, 'Asym PAUSE fdx'],
  [5, 'Sym PAUSE fdx'],
  [4, 'Asym and Sym PAUSE fdx'],
  [3, '1000BASE-X hdx'],
  [2, '1000BASE-X fdx'],
  [1, '1000BASE-T hdx'],
  [0, '1000BASE-T fdx'],
];

/** RFC 4836's ifMauTypeList, 0-53, as Ironic names them. */
const MAU_TYPES = [
  'Unknown', 'AUI', '10BASE-5', 'FOIRL', '10BASE-2', '10BASE-T duplex mode unknown', '10BASE-FP', '10BASE-FB', '10BASE-FL duplex mode unknown',
  '10BROAD36', '10BASE-T half duplex', '10BASE-T full duplex', '10BASE-FL half duplex', '10BASE-FL full duplex', '100 BASE-T4',
  '100BASE-TX half duplex', '100BASE-TX full duplex', '100BASE-FX half duplex', '100BASE-FX full duplex', '100BASE-T2 half duplex',
  '100BASE-T2 full duplex', '1000BASE-X half duplex', '1000BASE-X full duplex', '1000BASE-LX half duplex', '1000BASE-LX full duplex',
  '1000BASE-SX half duplex', '1000BASE-SX full duplex', '1000BASE-CX half duplex', '1000BASE-CX full duplex', '1000BASE-T half duplex',
  '1000BASE-T full duplex', '10GBASE-X', '10GBASE-LX4', '10GBASE-R', '10GBASE-ER', '10GBASE-LR', '10GBASE-SR', '10GBASE-W', '10GBASE-EW',
  '10GBASE-LW', '10GBASE-SW', '10GBASE-CX4', '2BASE-TL', '10PASS-TS', '100BASE-BX10D', '100BASE-BX10U', '100BASE-LX10', '1000BASE-BX10D',
  '1000BASE-BX10U', '1000BASE-LX10', '1000BASE-PX10D', '1000BASE-PX10U', '1000BASE-PX20D', '1000BASE-PX20U',
]; // prettier-ignore

const u16 = (d: Uint8Array, at = 0) => {
  const b = need(d.subarray(at), 2);
  return (b[0] << 8) | b[1];
};
const bit = (v: number, n: number) => ((v >> n) & 1) === 1;
const hex = (d: Uint8Array) => [...d].map((b) => b.toString(16).padStart(2, '0')).join('');

/** An exact length, as Ironic checks for its fixed-size (bit field) TLVs. */
function exactly(data: Uint8Array, n: number, name: string): void {
  if (data.length !== n) throw new TlvError(`Invalid data for ${name} expected len ${n}, got ${data.length}`);
}

type Handler = (data: Uint8Array, nv: NameValues) => void;

/**
 * Name/value pairs from one NIC's TLVs (Ironic's LLDPBasicMgmtParser with its 802.1 and 802.3 parsers):
 * a single value keeps the first TLV's, a list collects every TLV's.
 */
export class NameValues {
  readonly values: Dict = {};

  set(name: string, value: unknown): void {
    if (!(name in this.values)) this.values[name] = value as Dict[string];
  }

  append(name: string, value: unknown): void {
    ((this.values[name] ??= []) as unknown[]).push(value);
  }
}

const BASIC: Record<number, Handler | null> = {
  0: null,
  1: (d, nv) => nv.set('switch_chassis_id', nested(chassisId(d))),
  2: (d, nv) => nv.set('switch_port_id', nested(portId(d))),
  3: null,
  4: (d, nv) => nv.set('switch_port_description', utf8(d)),
  5: (d, nv) => nv.set('switch_system_name', utf8(d)),
  6: (d, nv) => nv.set('switch_system_description', utf8(d)),
  7: (d, nv) => {
    exactly(d, 4, 'switch_capabilities');
    nv.set('switch_capabilities_support', capabilities(u16(d)));
    nv.set('switch_capabilities_enabled', capabilities(u16(d, 2)));
  },
  8: (d, nv) => {
    // Address string length, then the IANA address; the interface fields after it are not read.
    need(d, 2);
    const address = ianaAddress(d.subarray(1));
    if (address) nv.append('switch_mgmt_addresses', address);
  },
};

const DOT1: Record<number, Handler> = {
  1: (d, nv) => nv.set('switch_port_untagged_vlan_id', u16(d)),
  2: (d, nv) => {
    exactly(d, 3, 'switch_port_protocol');
    nv.set('switch_port_protocol_vlan_enabled', bit(d[0], 2));
    nv.set('switch_port_protocol_vlan_support', bit(d[0], 1));
    nv.append('switch_port_protocol_vlan_ids', u16(d, 1));
  },
  3: (d, nv) => {
    const id = u16(d);
    const len = need(d.subarray(2), 1)[0];
    // construct's PaddedString: trailing NULs are padding.
    const name = utf8(need(d.subarray(3), len)).replace(/\0+$/, '');
    nv.append('switch_port_vlans', { name, id });
  },
  4: (d, nv) => {
    const len = need(d, 1)[0];
    nv.append('switch_protocol_identities', hex(need(d.subarray(1), len)));
  },
  6: (d, nv) => nv.set('switch_port_management_vlan_id', u16(d)),
  7: linkAggregation,
};

const DOT3: Record<number, Handler> = {
  1: (d, nv) => {
    exactly(d, 5, 'switch_port_mac_phy_config');
    const mau = MAU_TYPES[u16(d, 3)];
    if (mau === undefined) throw new TlvError('Invalid index for mau type');
    nv.set('switch_port_autonegotiation_enabled', bit(d[0], 1));
    nv.set('switch_port_autonegotiation_support', bit(d[0], 0));
    const pmd = u16(d, 1);
    nv.set('switch_port_physical_capabilities', [...new Set(PMD_CAPS.filter(([n]) => bit(pmd, n)).map(([, c]) => c))].sort());
    nv.set('switch_port_mau_type', mau);
  },
  3: linkAggregation,
  4: (d, nv) => nv.set('switch_port_mtu', u16(d)),
};

/** 802.1's link aggregation TLV, which 802.3 also still sends. */
function linkAggregation(d: Uint8Array, nv: NameValues): void {
  exactly(d, 5, 'switch_port_link_aggregation');
  nv.set('switch_port_link_aggregation_enabled', bit(d[0], 1));
  nv.set('switch_port_link_aggregation_support', bit(d[0], 0));
  nv.set('switch_port_link_aggregation_id', new DataView(d.buffer, d.byteOffset + 1, 4).getUint32(0));
}

/** Ironic reads a Chassis/Port ID's inner value; a subtype it does not map has none, and its parser then crashes. */
function nested(value: string | null | undefined): string | null {
  if (value === undefined) throw new TlvError('unsupported subtype');
  return value;
}

function capabilities(v: number): string[] {
  return SYSTEM_CAPS.filter(([n]) => bit(v, n)).map(([, name]) => name);
}

/**
 * Parses one TLV into `nv`. Unknown types and subtypes are skipped quietly (Ironic logs them at debug);
 * a TLV that is too long or does not decode is reported through `warn` and skipped.
 */
export function parseTlv(type: number, data: Uint8Array, nv: NameValues, warn: (message: string) => void): void {
  try {
    if (type === 127) return orgSpecific(data, nv, warn);
    const handler = BASIC[type];
    if (!handler) return;
    checkLength(data);
    handler(data, nv);
  } catch (err) {
    if (!(err instanceof TlvError)) throw err;
    warn(`TLV parse error: ${err.message}`);
  }
}

function checkLength(data: Uint8Array): void {
  if (data.length > MAX_LEN) throw new TlvError(`data length ${data.length} exceeds maximum allowed length of ${MAX_LEN} octets`);
}

/** An organisationally specific TLV: 802.1 and 802.3 are parsed, any other OUI is warned about. */
function orgSpecific(data: Uint8Array, nv: NameValues, warn: (message: string) => void): void {
  checkLength(data);
  const head = need(data, 4);
  const oui = hex(head.subarray(0, 3));
  const table = oui === DOT1_OUI ? DOT1 : oui === DOT3_OUI ? DOT3 : undefined;
  if (!table) return warn(`Organizationally Unique ID ${oui} not recognized`);
  table[head[3]]?.(data.subarray(4), nv);
}
