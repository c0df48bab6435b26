/**
 * The LLDP TLVs Ironic's local-link-connection hook reads (its lldp_tlvs.py), decoded from the hex strings
 * IPA sends as `[type, value]` pairs. A decoder throws TlvError where Ironic's parser raises.
 */
export const LLDP_TLV_CHASSIS_ID = 1;
export const LLDP_TLV_PORT_ID = 2;
export const LLDP_TLV_SYS_NAME = 5;

export class TlvError extends Error {}

/** binascii.unhexlify: even length, hex digits only. */
export function unhex(value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length % 2 || !/^[0-9a-fA-F]*$/.test(value)) throw new TlvError('not in hexadecimal format');
  return Uint8Array.from(value.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** construct's GreedyString("utf8"): the rest of the TLV; invalid UTF-8 is an error. */
export function utf8(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new TlvError('invalid UTF-8');
  }
}

export function need(data: Uint8Array, n: number): Uint8Array {
  if (data.length < n) throw new TlvError(`expected ${n} bytes, found ${data.length}`);
  return data.subarray(0, n);
}

/** netaddr's mac_unix_expanded, as Ironic stores a MAC it decoded. */
export function mac(data: Uint8Array): string {
  return [...need(data, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function ipv4(data: Uint8Array): string {
  return [...need(data, 4)].join('.');
}

/** Compact IPv6 (the WHATWG URL parser writes RFC 5952's form, as netaddr does). */
function ipv6(data: Uint8Array): string {
  const b = need(data, 16);
  const groups = Array.from({ length: 8 }, (_, i) => ((b[2 * i] << 8) | b[2 * i + 1]).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** An IANA address (family byte, then the address); undefined for a family Ironic does not map. */
export function ianaAddress(data: Uint8Array): string | undefined {
  const [family] = need(data, 1);
  const rest = data.subarray(1);
  if (family === 1) return ipv4(rest);
  if (family === 2) return ipv6(rest);
  if (family === 6) return mac(rest);
  return undefined;
}

/**
 * The Port ID's value: names and aliases as text, a MAC or an address decoded. Undefined for a subtype
 * Ironic does not map; null for an address of a family it does not map (its parser yields None there).
 */
export function portId(data: Uint8Array): string | null | undefined {
  const [subtype] = need(data, 1);
  const rest = data.subarray(1);
  if ([1, 2, 5, 7].includes(subtype)) return utf8(rest);
  if (subtype === 3) return mac(rest);
  if (subtype === 4) return ianaAddress(rest) ?? null;
  return undefined;
}

/** The Chassis ID's value, decoded as portId decodes a Port ID (its subtypes are numbered differently). */
export function chassisId(data: Uint8Array): string | null | undefined {
  const [subtype] = need(data, 1);
  const rest = data.subarray(1);
  if ([1, 2, 3, 6, 7].includes(subtype)) return utf8(rest);
  if (subtype === 4) return mac(rest);
  if (subtype === 5) return ianaAddress(rest) ?? null;
  return undefined;
}

/** The Chassis ID when it is a MAC (subtype 4), the only kind Ironic takes as switch_id; other subtypes are still decoded (and may fail). */
export function chassisMac(data: Uint8Array): string | undefined {
  const value = chassisId(data);
  return data[0] === 4 && value ? value : undefined;
}
