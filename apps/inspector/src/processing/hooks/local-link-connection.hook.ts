import type { Dict } from '@ferrum/contracts';
import { validInterfacePorts } from './interface-ports';
import { chassisMac, LLDP_TLV_CHASSIS_ID, LLDP_TLV_PORT_ID, LLDP_TLV_SYS_NAME, portId, TlvError, unhex, utf8 } from './lldp-tlvs';

/** A port the hook may fill: an existing one, or one the ports hook is adding (its connection is empty). */
export interface LinkPort {
  address: string;
  local_link_connection?: Dict;
}

/** The LLDP TLVs of a NIC: plugin_data.lldp_raw[name] unless empty (Python's `or`), else the inventory's own `lldp`. */
export function lldpOf(iface: Dict, pluginData: Dict): unknown[] | undefined {
  const raw = ((pluginData.lldp_raw ?? {}) as Dict)[iface.name as string];
  const tlvs = Array.isArray(raw) && raw.length ? raw : iface.lldp;
  return Array.isArray(tlvs) ? tlvs : undefined;
}

/**
 * Ironic's local-link-connection hook: for each NIC validate-interfaces kept that has a port, the switch's
 * Port ID (port_id), MAC Chassis ID (switch_id) and System Name (switch_info) from LLDP, each only where the
 * port has none yet. A TLV that does not decode leaves that port untouched (warned), as Ironic returns early.
 */
export function planLocalLinkConnections(inventory: Dict, pluginData: Dict, ports: readonly LinkPort[], warn: (message: string) => void): { address: string; changes: Dict }[] {
  const updates: { address: string; changes: Dict }[] = [];
  for (const { iface, port } of validInterfacePorts(inventory, pluginData, ports)) {
    if (!port) continue;
    const tlvs = lldpOf(iface, pluginData);
    if (!tlvs) {
      warn(`No LLDP data found for interface ${port.address}`);
      continue;
    }
    const current = port.local_link_connection ?? {};
    const found = linkFromTlvs(tlvs, warn);
    const fresh = Object.fromEntries(Object.entries(found ?? {}).filter(([k]) => !(k in current)));
    if (Object.keys(fresh).length) updates.push({ address: port.address, changes: { local_link_connection: { ...current, ...fresh } } });
  }
  return updates;
}

/** port_id, switch_id and switch_info from one NIC's TLVs; undefined when one of them does not decode. */
function linkFromTlvs(tlvs: unknown[], warn: (message: string) => void): Record<string, string> | undefined {
  const link: Record<string, string> = {};
  for (const tlv of tlvs) {
    if (!Array.isArray(tlv)) continue;
    const [type, value] = tlv as [unknown, unknown];
    let data: Uint8Array;
    try {
      data = unhex(value);
    } catch {
      warn(`TLV value for TLV type ${String(type)} is not in correct format. Ensure that the TLV value is in hexadecimal format when sent to ironic.`);
      return undefined;
    }
    try {
      const [item, found] =
        type === LLDP_TLV_PORT_ID ? ['port_id', portId(data)] : type === LLDP_TLV_CHASSIS_ID ? ['switch_id', chassisMac(data)] : type === LLDP_TLV_SYS_NAME ? ['switch_info', utf8(data)] : [];
      // A later TLV of the same type wins, as Ironic's loop overwrites.
      if (item && found !== undefined && found !== null) link[item] = found;
    } catch (err) {
      if (!(err instanceof TlvError)) throw err;
      warn(`TLV parse error for TLV type ${String(type)}: ${err.message}`);
      return undefined;
    }
  }
  return link;
}
