import { Microversion } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import { z } from 'zod';
import { toBoolean, toMac, toUuid } from '../common/args';
import { notAcceptable } from '../common/fields';
import { normalizeMac } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { jsonType, parseSchema } from '../common/json-schema';
import { checkLocalLinkShape } from './local-link.schema';

const str = (maxLength?: number) => jsonType(['string', 'null'], { maxLength });
const bool = () => jsonType(['string', 'boolean', 'null']);

/** Ironic's port schema, for POST and for the port after a PATCH. */
export const portSchema = z.strictObject({
  address: jsonType(['string'], { required: true }),
  extra: jsonType(['object', 'null']),
  is_smartnic: bool(),
  local_link_connection: jsonType(['null', 'object']),
  node_uuid: jsonType(['string'], { required: true }),
  physical_network: str(64),
  portgroup_uuid: str(),
  pxe_enabled: bool(),
  uuid: str(),
});
export const PORT_SCHEMA_KEYS = Object.keys(portSchema.shape);

export const PORT_PATCH_ALLOWED = [
  'address', 'extra', 'is_smartnic', 'local_link_connection', 'node_uuid', 'physical_network', 'portgroup_uuid', 'pxe_enabled',
];

/** local_link_connection of Ironic's shapes (local-link.schema.ts); switch_id is a MAC or an OpenFlow datapath id. */
function checkLocalLink(llc: Record<string, unknown>): Record<string, unknown> {
  checkLocalLinkShape(llc);
  if (llc.switch_id === undefined) return llc;
  const switchId = llc.switch_id as string;
  const normalized = normalizeMac(switchId) ?? (/^[0-9a-f]{16}$/i.test(switchId) ? switchId.toLowerCase() : undefined);
  if (!normalized) throw new InvalidParameterValue({ message: `Expected a MAC address or OpenFlow datapath ID but received ${switchId}.` });
  return { ...llc, switch_id: normalized };
}

/** Validates a port body and normalises it (MAC lower-cased, booleans from strings). */
export function validatePortBody(body: unknown, name: 'port' | 'patch'): Record<string, unknown> {
  const port = { ...parseSchema(portSchema, body, name) };
  port.address = toMac('address', port.address);
  port.node_uuid = toUuid('node_uuid', port.node_uuid);
  for (const key of ['uuid', 'portgroup_uuid']) if (key in port) port[key] = toUuid(key, port[key]) ?? null;
  for (const key of ['pxe_enabled', 'is_smartnic']) if (key in port) port[key] = toBoolean(key, port[key]) ?? null;
  if (port.local_link_connection) port.local_link_connection = checkLocalLink(port.local_link_connection as Record<string, unknown>);
  if (port.physical_network === '') throw new Invalid({ message: 'Physical network must be a non-empty string.' });
  if (port.is_smartnic === true) {
    const llc = (port.local_link_connection ?? {}) as Record<string, unknown>;
    if (!('port_id' in llc && 'hostname' in llc)) {
      throw new Invalid({ message: 'Smart NIC port must have port_id and hostname in local_link_connection' });
    }
  }
  return port;
}

/** Port fields newer than the request's version may be neither set nor removed (406). */
export function checkPortFieldVersions(req: IronicRequest, fields: Iterable<string>): void {
  for (const field of fields) {
    const since = {
      pxe_enabled: Microversion.PORT_LLC_PXE,
      local_link_connection: Microversion.PORT_LLC_PXE,
      portgroup_uuid: Microversion.PORTGROUP_UUID,
      physical_network: Microversion.PHYSICAL_NETWORK,
      is_smartnic: Microversion.SMARTNIC,
      'local_link_connection/network_type': 64,
    }[field];
    if (since !== undefined && !allows(req, since)) throw notAcceptable();
  }
}
