import { Injectable } from '@nestjs/common';
import { Microversion as V, PortRecord } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import type { IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { OVN_VTEP_KEYS, allowsOvnVtep } from './local-link.schema';

/** Port fields with the microversion that introduced each (§9). */
export const PORT_FIELD_VERSIONS = {
  uuid: 1,
  address: 1,
  node_uuid: 1,
  extra: 1,
  internal_info: V.PORT_INTERNAL_INFO,
  local_link_connection: V.PORT_LLC_PXE,
  pxe_enabled: V.PORT_LLC_PXE,
  portgroup_uuid: V.PORTGROUP_UUID,
  physical_network: V.PHYSICAL_NETWORK,
  is_smartnic: V.SMARTNIC,
  name: V.PORT_NAME,
  description: V.PORT_DESCRIPTION,
  vendor: V.PORT_VENDOR,
  category: V.PORT_CATEGORY,
  available_for_dynamic_portgroup: V.DYNAMIC_PORTGROUP,
  created_at: 1,
  updated_at: 1,
} as const satisfies Record<string, number>;

/**
 * The gates a `fields` or `sort_key` request is refused by (406). Ironic hides internal_info below 1.18
 * but never refuses asking for it.
 */
export const PORT_FIELD_GATES: Record<string, number> = { ...PORT_FIELD_VERSIONS, internal_info: 1 };

export const PORT_FIELDS = Object.keys(PORT_FIELD_VERSIONS) as (keyof typeof PORT_FIELD_VERSIONS)[];
export const PORT_DEFAULT_LIST_FIELDS = ['uuid', 'address'];

export type PortBody = Record<string, unknown>;

/** A PortRecord as one microversion shows it. */
@Injectable()
export class PortView {
  constructor(private readonly links: Links) {}

  render(port: PortRecord, req: IronicRequest, fields?: string[]): PortBody {
    const body: PortBody = {};
    for (const field of PORT_FIELDS) {
      const value = port[field];
      body[field] = ['extra', 'internal_info', 'local_link_connection'].includes(field) ? (value ?? {}) : (value ?? null);
    }
    // Ironic empties a link with VTEP keys below 1.90 (and from 1.105) rather than dropping it: clients expect the field.
    const llc = body.local_link_connection as Record<string, unknown>;
    if (!allowsOvnVtep(req.version) && OVN_VTEP_KEYS.some((k) => k in llc)) body.local_link_connection = {};
    body.links = this.links.pair('ports', port.uuid);
    const selected = selectFields(body, fields, PORT_FIELDS);
    for (const field of PORT_FIELDS) if (req.version < PORT_FIELD_VERSIONS[field]) delete selected[field];
    return selected;
  }
}
