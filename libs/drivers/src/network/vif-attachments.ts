import type { Dict, PortRecord, PortgroupRecord } from '@ferrum/contracts';
import { NoFreePhysicalPorts, VifAlreadyAttached, VifNotAttached } from '@ferrum/errors';

/** Where a VIF is recorded on a port or port group (Ironic's TENANT_VIF_KEY). */
export const TENANT_VIF_KEY = 'tenant_vif_port_id';

/** What a client attaches: the VIF's id, optionally the port or group it must go on (1.67). */
export interface VifInfo {
  id: string;
  port_uuid?: string;
  portgroup_uuid?: string;
  [key: string]: unknown;
}

/** The node's ports and port groups, as the network interface sees them. */
export interface NodeNetworkPorts {
  ports: readonly PortRecord[];
  portgroups: readonly PortgroupRecord[];
}

/** A port or group and the fields to save on it: the conductor writes them under the node's lock. */
export interface VifHolderChange {
  kind: 'port' | 'portgroup';
  uuid: string;
  internal_info: Dict;
  extra: Dict;
}

type PortLike = { kind: 'port'; item: PortRecord } | { kind: 'portgroup'; item: PortgroupRecord };

const vifOf = (item: { internal_info: Dict }) => item.internal_info?.[TENANT_VIF_KEY] as string | undefined;

/** Ironic's VIFPortIDMixin.vif_list: ports first, then groups. */
export function listVifs({ ports, portgroups }: NodeNetworkPorts): { id: string }[] {
  return [...ports, ...portgroups].map(vifOf).filter((id): id is string => !!id).map((id) => ({ id }));
}

/**
 * Ironic's get_free_port_like_object without Neutron (no physical networks to ask about, so every port
 * is allowed): the VIF must not be attached already; a group is free when it has member ports and none
 * of them carries another VIF; a group with a busy member offers its other members instead. Groups are
 * preferred to ports, and PXE-enabled ports to others.
 */
export function attachVif({ ports, portgroups }: NodeNetworkPorts, vif: VifInfo): VifHolderChange {
  const free: PortLike[] = [];
  const membersByGroup = new Map<string, PortRecord[]>();
  const unusableGroups = new Set<string>();
  const check = (like: PortLike) => {
    const attached = vifOf(like.item);
    if (attached === vif.id) throw new VifAlreadyAttached({ vif: vif.id, objectType: like.kind === 'port' ? 'Port' : 'Portgroup', uuid: like.item.uuid });
    return attached !== undefined;
  };
  for (const port of ports) {
    if (vif.port_uuid && vif.port_uuid !== port.uuid) continue;
    if (check({ kind: 'port', item: port })) {
      if (port.portgroup_uuid) unusableGroups.add(port.portgroup_uuid);
      continue;
    }
    if (!port.portgroup_uuid && !vif.portgroup_uuid) free.push({ kind: 'port', item: port });
    else if (port.portgroup_uuid) membersByGroup.set(port.portgroup_uuid, [...(membersByGroup.get(port.portgroup_uuid) ?? []), port]);
  }
  if (!vif.port_uuid) {
    for (const group of portgroups) {
      if ((vif.portgroup_uuid && vif.portgroup_uuid !== group.uuid) || check({ kind: 'portgroup', item: group })) continue;
      const members = membersByGroup.get(group.uuid) ?? [];
      if (unusableGroups.has(group.uuid)) {
        if (!vif.portgroup_uuid) free.push(...members.map((item): PortLike => ({ kind: 'port', item })));
      } else if (members.length) free.push({ kind: 'portgroup', item: group });
    }
  }
  if (!free.length) throw new NoFreePhysicalPorts({ vif: vif.id });
  // Ironic sorts by (group, pxe_enabled) descending, stably: the first best one in node order wins.
  const rank = (like: PortLike) => (like.kind === 'portgroup' ? 2 : 0) + (like.kind === 'portgroup' || like.item.pxe_enabled ? 1 : 0);
  const chosen = free.reduce((best, like) => (rank(like) > rank(best) ? like : best));
  return { kind: chosen.kind, uuid: chosen.item.uuid, internal_info: { ...chosen.item.internal_info, [TENANT_VIF_KEY]: vif.id }, extra: chosen.item.extra };
}

/** Ironic's vif_detach: the group or port holding the VIF forgets it (and the legacy extra.vif_port_id). */
export function detachVif({ ports, portgroups }: NodeNetworkPorts, vifId: string, nodeUuid: string): VifHolderChange {
  const holder: PortLike | undefined =
    portgroups.map((item): PortLike => ({ kind: 'portgroup', item })).find((l) => vifOf(l.item) === vifId) ??
    ports.map((item): PortLike => ({ kind: 'port', item })).find((l) => vifOf(l.item) === vifId);
  if (!holder) throw new VifNotAttached({ vif: vifId, node: nodeUuid });
  const { [TENANT_VIF_KEY]: _vif, ...internal } = holder.item.internal_info;
  const { vif_port_id: _legacy, ...extra } = holder.item.extra;
  return { kind: holder.kind, uuid: holder.item.uuid, internal_info: internal, extra };
}
