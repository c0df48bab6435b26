import { Injectable } from '@nestjs/common';
import type { PortgroupRecord } from '@ferrum/contracts';
import { Microversion } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import { Links } from '../common/links';

const BASE_FIELDS = [
  'uuid', 'address', 'name', 'node_uuid', 'extra', 'internal_info', 'mode', 'properties', 'standalone_ports_supported', 'created_at', 'updated_at',
  'links', 'ports',
];
/** The fields the served release knows: physical_network from 1.102, category from 1.103, dynamic_portgroup from 1.111. */
export function portgroupFields(maximum: number): string[] {
  return [
    ...BASE_FIELDS,
    ...(maximum >= Microversion.PORTGROUP_PHYSICAL_NETWORK ? ['physical_network'] : []),
    ...(maximum >= Microversion.PORTGROUP_CATEGORY ? ['category'] : []),
    ...(maximum >= Microversion.DYNAMIC_PORTGROUP ? ['dynamic_portgroup'] : []),
  ];
}
export const PORTGROUP_DEFAULT_LIST_FIELDS = ['uuid', 'address', 'name'];
/** Asking for these (?fields, sort_key) below their version is refused (406); Ironic gates no other field. */
export const PORTGROUP_FIELD_GATES = { mode: Microversion.PORTGROUP_MODE, properties: Microversion.PORTGROUP_MODE, dynamic_portgroup: Microversion.DYNAMIC_PORTGROUP };
/**
 * Ironic 33's hide_fields_in_newer_versions: from that release (served 1.102), one group (show, create, patch)
 * hides fields newer than the request, mode and properties included; list items still show them all.
 */
const HIDDEN_BELOW: [string, number][] = [
  ['mode', Microversion.PORTGROUP_MODE],
  ['properties', Microversion.PORTGROUP_MODE],
  ['physical_network', Microversion.PORTGROUP_PHYSICAL_NETWORK],
  ['category', Microversion.PORTGROUP_CATEGORY],
  ['dynamic_portgroup', Microversion.DYNAMIC_PORTGROUP],
];

/** How a group is rendered: the served release's maximum, and for one group (not a list item) the request's version. */
export interface PortgroupRendering {
  maximum: number;
  version?: number;
}

/** A PortgroupRecord as returned (Ironic's portgroup.convert_with_links). */
@Injectable()
export class PortgroupView {
  constructor(private readonly links: Links) {}

  render(group: PortgroupRecord, fields: string[] | undefined, how: PortgroupRendering): Record<string, unknown> {
    const body: Record<string, unknown> = {
      uuid: group.uuid,
      address: group.address,
      name: group.name,
      node_uuid: group.node_uuid,
      extra: group.extra ?? {},
      internal_info: group.internal_info ?? {},
      mode: group.mode,
      properties: group.properties ?? {},
      standalone_ports_supported: group.standalone_ports_supported,
      ...(how.maximum >= Microversion.PORTGROUP_PHYSICAL_NETWORK && { physical_network: group.physical_network }),
      ...(how.maximum >= Microversion.PORTGROUP_CATEGORY && { category: group.category }),
      ...(how.maximum >= Microversion.DYNAMIC_PORTGROUP && { dynamic_portgroup: group.dynamic_portgroup }),
      created_at: group.created_at,
      updated_at: group.updated_at,
      links: this.links.pair('portgroups', group.uuid),
      ports: this.links.pair('portgroups', `${group.uuid}/ports`),
    };
    const selected = selectFields(body, fields, portgroupFields(how.maximum));
    if (how.version !== undefined && how.maximum >= Microversion.PORTGROUP_PHYSICAL_NETWORK) {
      for (const [field, since] of HIDDEN_BELOW) if (how.version < since) delete selected[field];
    }
    return selected;
  }
}
