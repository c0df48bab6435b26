import { Microversion } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import { toBoolean, toMac, toUuid } from '../common/args';
import { notAcceptable } from '../common/fields';
import { normalizeMac } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { Schema, checkArgSchema } from '../common/schema-errors';
import { allowsOvnVtep, checkLocalLinkShape } from './local-link.schema';

const str = (maxLength?: number): Schema => ({ type: ['string', 'null'], ...(maxLength !== undefined && { maxLength }) });
const bool: Schema = { type: ['string', 'boolean', 'null'] };

/**
 * Ironic's PORT_SCHEMA (POST, and the port after a PATCH) as the release whose maximum is served has it. Its
 * errors print parts of it (a oneOf's branches), so a pinned release answers with its own.
 */
export function portSchema(maximum: number): Schema {
  const since = (version: number, props: Record<string, Schema>) => (maximum >= version ? props : {});
  const nodeIdent = maximum >= Microversion.PORT_NODE_IDENT;
  return {
    type: 'object',
    properties: {
      address: { type: 'string' },
      extra: { type: ['object', 'null'] },
      is_smartnic: bool,
      local_link_connection: { type: ['null', 'object'] },
      ...since(Microversion.PORT_NODE_IDENT, { node_ident: { type: 'string' } }),
      node_uuid: { type: 'string' },
      physical_network: str(64),
      portgroup_uuid: str(),
      pxe_enabled: bool,
      uuid: str(),
      // Any string: unlike node and portgroup names, Ironic checks neither the characters nor the length, so a
      // name may be one the URL cannot address. Its varchar(255) column makes a longer one a 500 in Ironic; here a
      // 400 from the schema, before anything is written.
      ...since(Microversion.PORT_NAME, { name: str(255) }),
      ...since(Microversion.PORT_DESCRIPTION, { description: str(255) }),
      ...since(Microversion.PORT_VENDOR, { vendor: str(32) }),
      ...since(Microversion.PORT_CATEGORY, { category: str(80) }),
      // A JSON boolean only (not null, nor the strings other booleans take).
      ...since(Microversion.DYNAMIC_PORTGROUP, { available_for_dynamic_portgroup: { type: 'boolean' } }),
    },
    // From 1.94 (Ironic 27.0) the node is named by exactly one of node_ident and node_uuid.
    required: nodeIdent ? ['address'] : ['address', 'node_uuid'],
    ...(nodeIdent && { oneOf: [{ required: ['node_ident'] }, { required: ['node_uuid'] }] }),
    additionalProperties: false,
  };
}

/** The fields of the served release's port schema: what a patched port is pruned to before it is validated. */
export function portSchemaKeys(maximum: number): string[] {
  return Object.keys(portSchema(maximum).properties as Schema);
}

/** Ironic's PATCH_ALLOWED_FIELDS, in its order (the refusal lists them). */
const PORT_PATCH_ALLOWED: [string, number][] = [
  ['address', 1],
  ['extra', 1],
  ['is_smartnic', 1],
  ['local_link_connection', 1],
  ['node_ident', Microversion.PORT_NODE_IDENT],
  ['node_uuid', 1],
  ['physical_network', 1],
  ['portgroup_uuid', 1],
  ['pxe_enabled', 1],
  ['name', Microversion.PORT_NAME],
  ['description', Microversion.PORT_DESCRIPTION],
  ['vendor', Microversion.PORT_VENDOR],
  ['category', Microversion.PORT_CATEGORY],
  ['available_for_dynamic_portgroup', Microversion.DYNAMIC_PORTGROUP],
];

/** The patchable fields of the release whose API maximum is served (`name` only from 1.88, Ironic 23.1, and so on). */
export function portPatchAllowed(maximum: number): string[] {
  return PORT_PATCH_ALLOWED.filter(([, since]) => maximum >= since).map(([field]) => field);
}

/** local_link_connection of Ironic's shapes (local-link.schema.ts); switch_id is a MAC or an OpenFlow datapath id. */
function checkLocalLink(llc: Record<string, unknown>, maximum: number): Record<string, unknown> {
  checkLocalLinkShape(llc, maximum);
  if (llc.switch_id === undefined) return llc;
  const switchId = llc.switch_id as string;
  const normalized = normalizeMac(switchId) ?? (/^[0-9a-f]{16}$/i.test(switchId) ? switchId.toLowerCase() : undefined);
  if (!normalized) throw new InvalidParameterValue({ message: `Expected a MAC address or OpenFlow datapath ID but received ${switchId}.` });
  return { ...llc, switch_id: normalized };
}

const SCHEMAS = new Map<number, Schema>();

/** Validates a port body against the served release's schema and normalises it (MAC lower-cased, booleans from strings). */
export function validatePortBody(body: unknown, name: 'port' | 'patch', maximum: number): Record<string, unknown> {
  if (!SCHEMAS.has(maximum)) SCHEMAS.set(maximum, portSchema(maximum));
  // No body at all is an empty object to Ironic (method.body); a JSON `null` is still refused.
  const value = body === undefined ? {} : body;
  checkArgSchema(name, value, SCHEMAS.get(maximum)!);
  const port = { ...(value as Record<string, unknown>) };
  port.address = toMac('address', port.address);
  // Without node_uuid (node_ident from 1.94) there is nothing to check; toUuid passes undefined through.
  port.node_uuid = toUuid('node_uuid', port.node_uuid);
  if (port.node_uuid === undefined) delete port.node_uuid;
  for (const key of ['uuid', 'portgroup_uuid']) if (key in port) port[key] = toUuid(key, port[key]) ?? null;
  for (const key of ['pxe_enabled', 'is_smartnic']) if (key in port) port[key] = toBoolean(key, port[key]) ?? null;
  if (port.local_link_connection) port.local_link_connection = checkLocalLink(port.local_link_connection as Record<string, unknown>, maximum);
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
      'local_link_connection/vtep-logical-switch': Microversion.PORT_OVN_VTEP,
      name: Microversion.PORT_NAME,
      description: Microversion.PORT_DESCRIPTION,
      vendor: Microversion.PORT_VENDOR,
      category: Microversion.PORT_CATEGORY,
      available_for_dynamic_portgroup: Microversion.DYNAMIC_PORTGROUP,
    }[field];
    if (since !== undefined && !allows(req, since)) throw notAcceptable();
    if (field === 'local_link_connection/vtep-logical-switch' && !allowsOvnVtep(req.version)) throw notAcceptable();
  }
}
