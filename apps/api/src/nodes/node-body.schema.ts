import { z } from 'zod';
import { toBoolean, toUuid } from '../common/args';
import { fieldAllowed, notAcceptable } from '../common/fields';
import type { IronicRequest } from '../common/ironic-request';
import { jsonType, parseSchema } from '../common/json-schema';
import { NODE_DESCRIPTION_MAX_LENGTH, NODE_FIELD_VERSIONS } from './node-fields';
import { checkNetworkData } from './network-data.schema';

const str = (maxLength?: number) => jsonType(['string', 'null'], { maxLength });
const bool = () => jsonType(['string', 'boolean', 'null']);
const dict = () => jsonType(['object', 'null']);

/** Ironic's node schema: what POST accepts (the C fields of §6.2), with jsonschema's types. */
const NODE_PROPERTIES = {
  automated_clean: bool(),
  disable_power_off: bool(),
  instance_name: jsonType(['string', 'null'], { minLength: 1, maxLength: 255 }),
  bios_interface: str(),
  firmware_interface: str(),
  boot_interface: str(),
  boot_mode: str(),
  chassis_uuid: str(),
  conductor_group: str(),
  console_enabled: bool(),
  console_interface: str(),
  deploy_interface: str(),
  description: str(NODE_DESCRIPTION_MAX_LENGTH),
  driver: jsonType(['string'], { required: true }),
  driver_info: dict(),
  extra: dict(),
  inspect_interface: str(),
  instance_info: dict(),
  instance_uuid: str(),
  lessee: str(),
  management_interface: str(),
  maintenance: bool(),
  name: str(),
  // Checked by checkNetworkData (network-data.schema.ts): Ironic's words for it come from an anyOf.
  network_data: z.unknown().optional(),
  network_interface: str(),
  owner: str(),
  // A UUID or a name here; the node it names is looked up and its UUID stored (node-parent.ts).
  parent_node: str(36),
  power_interface: str(),
  properties: dict(),
  raid_interface: str(),
  rescue_interface: str(),
  resource_class: str(80),
  retired: bool(),
  retired_reason: str(),
  secure_boot: bool(),
  shard: str(),
  storage_interface: str(),
  uuid: str(),
  vendor_interface: str(),
};

export const nodeCreateSchema = z.strictObject(NODE_PROPERTIES);
/** After a PATCH the whole node is checked again; protected and its reason can only be set this way. */
export const nodePatchSchema = z.strictObject({ ...NODE_PROPERTIES, protected: bool(), protected_reason: str() });
export const NODE_PATCH_SCHEMA_KEYS = Object.keys(nodePatchSchema.shape);

const BOOLEANS = ['automated_clean', 'console_enabled', 'disable_power_off', 'maintenance', 'protected', 'retired', 'secure_boot'];
const UUIDS = ['chassis_uuid', 'instance_uuid', 'uuid'];

/**
 * Validates a node body (`node` on create, `patch` after patching) and normalises it: booleans
 * given as strings become booleans, UUID fields must be UUIDs (Ironic's NODE_VALIDATE_EXTRA).
 */
export function validateNodeBody(body: unknown, name: 'node' | 'patch', schema: z.ZodType): Record<string, unknown> {
  const node = { ...parseSchema(schema, body, name) };
  checkNetworkData(name, node.network_data);
  for (const key of BOOLEANS) if (key in node) node[key] = toBoolean(key, node[key]) ?? null;
  for (const key of UUIDS) if (key in node) node[key] = toUuid(key, node[key]) ?? null;
  return node;
}

/**
 * A field newer than the request's version may not be set on create (406). Absent and empty are
 * fine; `name: null` is tolerated even below 1.5, and conductor_group's empty value is "".
 */
export function rejectNewerFields(req: IronicRequest, node: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(node)) {
    if (fieldAllowed(NODE_FIELD_VERSIONS, field, req.version)) continue;
    const empty = field === 'conductor_group' ? '' : null;
    if (field === 'name' && value === null) continue;
    if (value !== undefined && value !== empty) throw notAcceptable();
  }
}
