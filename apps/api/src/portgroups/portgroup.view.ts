import { Injectable } from '@nestjs/common';
import type { PortgroupRecord } from '@ferrum/contracts';
import { Microversion } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import { Links } from '../common/links';

export const PORTGROUP_FIELDS = [
  'uuid', 'address', 'name', 'node_uuid', 'extra', 'internal_info', 'mode', 'properties', 'standalone_ports_supported', 'created_at', 'updated_at',
  'links', 'ports',
];
export const PORTGROUP_DEFAULT_LIST_FIELDS = ['uuid', 'address', 'name'];
/** Ironic shows every field at every version, but refuses asking for mode or properties below 1.26. */
export const PORTGROUP_FIELD_GATES = { mode: Microversion.PORTGROUP_MODE, properties: Microversion.PORTGROUP_MODE };

/** A PortgroupRecord as returned (Ironic's portgroup.convert_with_links). */
@Injectable()
export class PortgroupView {
  constructor(private readonly links: Links) {}

  render(group: PortgroupRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      uuid: group.uuid,
      address: group.address,
      name: group.name,
      node_uuid: group.node_uuid,
      extra: group.extra ?? {},
      internal_info: group.internal_info ?? {},
      mode: group.mode,
      properties: group.properties ?? {},
      standalone_ports_supported: group.standalone_ports_supported,
      created_at: group.created_at,
      updated_at: group.updated_at,
      links: this.links.pair('portgroups', group.uuid),
      ports: this.links.pair('portgroups', `${group.uuid}/ports`),
    };
    return selectFields(body, fields, PORTGROUP_FIELDS);
  }
}
