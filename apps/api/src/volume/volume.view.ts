import { Injectable } from '@nestjs/common';
import type { VolumeConnectorRecord, VolumeTargetRecord } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import { Links } from '../common/links';
import { maskDictPassword } from '../common/mask-secrets';

export const CONNECTOR_FIELDS = ['uuid', 'created_at', 'updated_at', 'connector_id', 'extra', 'type', 'links', 'node_uuid'];
export const CONNECTOR_DEFAULT_LIST_FIELDS = ['uuid', 'node_uuid', 'type', 'connector_id'];
export const TARGET_FIELDS = ['uuid', 'created_at', 'updated_at', 'boot_index', 'extra', 'properties', 'volume_id', 'volume_type', 'links', 'node_uuid'];
export const TARGET_DEFAULT_LIST_FIELDS = ['uuid', 'node_uuid', 'volume_type', 'boot_index', 'volume_id'];

/** What a caller without baremetal:volume:view_target_properties sees instead of a target's properties. */
export const REDACTED_PROPERTIES = {
  redacted_contents: '** Value redacted: Requires permission baremetal:volume:view_target_properties access. Permission denied. **',
};

/** Volume connectors and targets as returned (Ironic's volume_connector/volume_target convert_with_links). */
@Injectable()
export class VolumeView {
  constructor(private readonly links: Links) {}

  /** GET /v1/volume, or /v1/nodes/{ident}/volume with the ident as the caller wrote it. */
  root(nodeIdent?: string): Record<string, unknown> {
    const [resource, prefix] = nodeIdent === undefined ? ['volume', ''] : ['nodes', `${nodeIdent}/volume/`];
    return {
      links: this.links.pair(resource, prefix),
      connectors: this.links.pair(resource, `${prefix}connectors`),
      targets: this.links.pair(resource, `${prefix}targets`),
    };
  }

  connector(connector: VolumeConnectorRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      uuid: connector.uuid,
      created_at: connector.created_at,
      updated_at: connector.updated_at,
      connector_id: connector.connector_id,
      extra: connector.extra ?? {},
      type: connector.type,
      links: this.links.pair('volume/connectors', connector.uuid),
      node_uuid: connector.node_uuid,
    };
    return selectFields(body, fields, CONNECTOR_FIELDS);
  }

  /** `redact`: the caller may not read properties (they may hold iSCSI credentials); secrets inside them are masked regardless. */
  target(target: VolumeTargetRecord, fields: string[] | undefined, redact: boolean): Record<string, unknown> {
    const properties = redact ? { ...REDACTED_PROPERTIES } : (target.properties ?? {});
    const body = {
      uuid: target.uuid,
      created_at: target.created_at,
      updated_at: target.updated_at,
      boot_index: target.boot_index,
      extra: target.extra ?? {},
      properties: Object.keys(properties).length ? maskDictPassword(properties) : properties,
      volume_id: target.volume_id,
      volume_type: target.volume_type,
      links: this.links.pair('volume/targets', target.uuid),
      node_uuid: target.node_uuid,
    };
    return selectFields(body, fields, TARGET_FIELDS);
  }
}
