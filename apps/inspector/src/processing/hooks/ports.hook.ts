import type { InspectionChanges, PortRecord } from '@ferrum/contracts';
import type { IntrospectionData } from '../introspection-data';

export interface PortsOptions {
  keepPorts: 'all' | 'present' | 'added';
  overwrite: boolean;
}

/**
 * validate_interfaces after lookup (§7), as a plan the conductor carries out under the node's lock: a port
 * per selected NIC the node has no port for (`pxe_enabled` true only for the boot NIC; the conductor skips a
 * MAC that belongs to another node), pxe_enabled of existing ports fixed only when overwriting, and ports
 * deleted per `keep_ports` (never for active or rescued nodes).
 */
export function planPorts(existing: PortRecord[], provisionState: string, data: IntrospectionData, options: PortsOptions): NonNullable<InspectionChanges['ports']> {
  const byMac = new Map(existing.map((p) => [p.address.toLowerCase(), p]));
  const plan: NonNullable<InspectionChanges['ports']> = { add: [], set_pxe: [], remove: [] };
  for (const iface of Object.values(data.interfaces ?? {})) {
    const port = byMac.get(iface.mac);
    if (!port) plan.add!.push({ address: iface.mac, pxe_enabled: iface.pxe, ...(iface.client_id ? { extra: { 'client-id': iface.client_id } } : {}) });
    else if (options.overwrite && port.pxe_enabled !== iface.pxe) plan.set_pxe!.push({ address: port.address, pxe_enabled: iface.pxe });
  }
  if (options.keepPorts === 'all' || ['active', 'rescue'].includes(provisionState)) return plan;
  const keep = new Set(options.keepPorts === 'present' ? Object.values(data.all_interfaces ?? {}).map((i) => i.mac) : (data.macs ?? []));
  plan.remove = existing.filter((p) => !keep.has(p.address.toLowerCase())).map((p) => p.address);
  return plan;
}
