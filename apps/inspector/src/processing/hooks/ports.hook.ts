import type { NodeRecord } from '@ferrum/contracts';
import { FerrumError } from '@ferrum/errors';
import type { Logger } from 'pino';
import type { ConductorGateway } from '../../conductor/conductor.gateway';
import type { IntrospectionData } from '../introspection-data';

export interface PortsOptions {
  keepPorts: 'all' | 'present' | 'added';
  overwrite: boolean;
}

/**
 * validate_interfaces after lookup (§7): creates a port per selected NIC (`pxe_enabled` true only for the
 * boot NIC), fixes pxe_enabled of existing ports only when overwriting, and deletes ports per `keep_ports`
 * (never for active or rescued nodes). A MAC that belongs to another node is logged and skipped.
 */
export async function syncPorts(gateway: ConductorGateway, node: NodeRecord, data: IntrospectionData, options: PortsOptions, logger: Logger): Promise<void> {
  const existing = await gateway.ports(node);
  const byMac = new Map(existing.map((p) => [p.address.toLowerCase(), p]));
  for (const iface of Object.values(data.interfaces ?? {})) {
    const port = byMac.get(iface.mac);
    if (!port) {
      try {
        await gateway.createPort(node, {
          address: iface.mac,
          node_uuid: node.uuid,
          pxe_enabled: iface.pxe,
          ...(iface.client_id ? { extra: { 'client-id': iface.client_id } } : {}),
        });
      } catch (err) {
        if (!(err instanceof FerrumError) || err.code !== 'MACAlreadyExists') throw err;
        logger.warn({ node: node.uuid, mac: iface.mac }, 'port already exists on another node; not created');
      }
    } else if (options.overwrite && port.pxe_enabled !== iface.pxe) {
      await gateway.updatePort(node, port.uuid, { pxe_enabled: iface.pxe });
    }
  }
  if (options.keepPorts === 'all' || ['active', 'rescue'].includes(node.provision_state)) return;
  const keep = new Set(options.keepPorts === 'present' ? Object.values(data.all_interfaces ?? {}).map((i) => i.mac) : (data.macs ?? []));
  for (const port of existing) {
    if (!keep.has(port.address.toLowerCase())) await gateway.deletePort(node, port.uuid);
  }
}
