/**
 * set-/extend-/del-attribute on a node or a port. Paths are split on '/' (a leading one is optional) or,
 * without any '/', on '.' (Ironic's normalize_path). The first part names a field of the Ironic object;
 * the rest walks into a dict field, creating missing dicts when setting. Parts are always strings, so
 * list items cannot be addressed (upstream raises TypeError there too).
 */
import { actionFailure, PyError } from './errors';
import { isDict, pyIn, pyTypeName, type Dict } from './python-values';
import { pyRepr } from '@ferrum/contracts';

export interface ObjectModel {
  /** Python class name, used in AttributeError texts. */
  name: 'Node' | 'Port';
  fields: ReadonlySet<string>;
  /** FlexibleDictField fields: they only take dicts (or None). */
  dictFields: ReadonlySet<string>;
  /** Fields a rule may not change, with the error upstream would end with. */
  readOnly: ReadonlyMap<string, string>;
}

const NODE_DICT_FIELDS = [
  'driver_info', 'driver_internal_info', 'clean_step', 'deploy_step', 'service_step', 'raid_config', 'target_raid_config',
  'instance_info', 'properties', 'extra', 'network_data',
];

/** The fields of Ironic's Node object (objects/node.py). */
export const NODE_MODEL: ObjectModel = {
  name: 'Node',
  fields: new Set([
    ...NODE_DICT_FIELDS, 'id', 'uuid', 'name', 'chassis_id', 'instance_uuid', 'driver', 'reservation', 'conductor_affinity',
    'conductor_group', 'power_state', 'target_power_state', 'provision_state', 'provision_updated_at', 'target_provision_state',
    'maintenance', 'maintenance_reason', 'fault', 'console_enabled', 'last_error', 'resource_class', 'inspection_finished_at',
    'inspection_started_at', 'protected', 'protected_reason', 'allocation_id', 'bios_interface', 'boot_interface',
    'console_interface', 'deploy_interface', 'firmware_interface', 'inspect_interface', 'management_interface',
    'network_interface', 'power_interface', 'raid_interface', 'rescue_interface', 'storage_interface', 'vendor_interface',
    'traits', 'owner', 'lessee', 'description', 'retired', 'retired_reason', 'boot_mode', 'secure_boot', 'shard',
    'parent_node', 'instance_name', 'health', 'disable_power_off', 'automated_clean', 'created_at', 'updated_at',
  ]),
  dictFields: new Set(NODE_DICT_FIELDS),
  readOnly: new Map([
    // Ironic's dbapi.update_node refuses a new UUID; the others are identity, bookkeeping, or have their own actions.
    ['uuid', 'Cannot overwrite UUID for an existing Node.'],
    ['id', "Field 'id' is read-only"],
    ['created_at', "Field 'created_at' is read-only"],
    ['updated_at', "Field 'updated_at' is read-only"],
    ['traits', 'An object of type TraitList is required in field traits, not a list; use add-trait and remove-trait'],
  ]),
};

/** The fields of Ironic's Port object (objects/port.py). */
export const PORT_MODEL: ObjectModel = {
  name: 'Port',
  fields: new Set([
    'id', 'uuid', 'node_id', 'node_uuid', 'address', 'extra', 'local_link_connection', 'portgroup_id', 'portgroup_uuid',
    'pxe_enabled', 'internal_info', 'physical_network', 'is_smartnic', 'name', 'vendor', 'category', 'description',
    'available_for_dynamic_portgroup', 'created_at', 'updated_at',
  ]),
  dictFields: new Set(['extra', 'local_link_connection', 'internal_info']),
  readOnly: new Map([
    ['uuid', 'Cannot overwrite UUID for an existing Port.'],
    ['id', "Field 'id' is read-only"],
    ['node_id', "Field 'node_id' is read-only"],
    ['node_uuid', "Field 'node_uuid' is read-only"],
    ['created_at', "Field 'created_at' is read-only"],
    ['updated_at', "Field 'updated_at' is read-only"],
  ]),
};

/** Ironic's normalize_path. */
export function normalizePath(path: unknown): string[] {
  if (typeof path !== 'string') throw new PyError('TypeError', `argument of type '${pyTypeName(path)}' is not iterable`);
  return path.includes('/') ? path.replace(/^\/+|\/+$/g, '').split('/') : path.split('.');
}

function fieldOf(obj: Dict, model: ObjectModel, field: string, writing: boolean): unknown {
  if (!model.fields.has(field)) throw new PyError('AttributeError', `'${model.name}' object has no attribute '${field}'`);
  const refusal = model.readOnly.get(field);
  if (writing && refusal) throw new PyError('ValueError', refusal);
  if (!Object.hasOwn(obj, field) || obj[field] === undefined) obj[field] = model.dictFields.has(field) ? {} : null;
  return obj[field];
}

function assignField(obj: Dict, model: ObjectModel, field: string, value: unknown): void {
  fieldOf(obj, model, field, true);
  if (model.dictFields.has(field) && value !== null && !isDict(value)) {
    throw new PyError('ValueError', `A dict is required in field ${field}, not a ${pyTypeName(value)}`);
  }
  obj[field] = value;
}

/** dict.setdefault(key, fresh) as Python does it, with its AttributeError on anything else. */
function setDefault(container: unknown, key: string, fresh: () => unknown): unknown {
  if (!isDict(container)) throw new PyError('AttributeError', `'${pyTypeName(container)}' object has no attribute 'setdefault'`);
  if (!Object.hasOwn(container, key)) container[key] = fresh();
  return container[key];
}

function setItem(container: unknown, key: string, value: unknown): void {
  if (isDict(container)) container[key] = value;
  else if (Array.isArray(container)) throw new PyError('TypeError', 'list indices must be integers or slices, not str');
  else throw new PyError('TypeError', `'${pyTypeName(container)}' object does not support item assignment`);
}

function getItem(container: unknown, key: string): unknown {
  if (isDict(container)) {
    if (!Object.hasOwn(container, key)) throw new PyError('KeyError', pyRepr(key));
    return container[key];
  }
  if (Array.isArray(container)) throw new PyError('TypeError', 'list indices must be integers or slices, not str');
  if (typeof container === 'string') throw new PyError('TypeError', "string indices must be integers, not 'str'");
  throw new PyError('TypeError', `'${pyTypeName(container)}' object is not subscriptable`);
}

export function setAttribute(obj: Dict, model: ObjectModel, path: unknown, value: unknown): void {
  const parts = normalizePath(path);
  if (parts.length === 1) return assignField(obj, model, parts[0], value);
  let current = fieldOf(obj, model, parts[0], true);
  for (const part of parts.slice(1, -1)) current = setDefault(current, part, () => ({}));
  setItem(current, parts.at(-1)!, value);
}

/** Appends `value` (as one item, even a list) to the list at `path`, created when missing. */
export function extendAttribute(obj: Dict, model: ObjectModel, path: unknown, value: unknown, unique: boolean, nonListText: string): void {
  const parts = normalizePath(path);
  let current: unknown;
  if (parts.length === 1) {
    current = fieldOf(obj, model, parts[0], true);
  } else {
    current = fieldOf(obj, model, parts[0], true);
    for (const part of parts.slice(1, -1)) current = setDefault(current, part, () => ({}));
    current = setDefault(current, parts.at(-1)!, () => []);
  }
  if (!Array.isArray(current)) throw actionFailure(nonListText);
  if (!unique || !pyIn(value, current)) current.push(value);
}

/**
 * Removes the key at `path`; a missing key fails, as in Ironic's code (its docs say otherwise). A whole
 * field cannot be removed from a record, so deleting one sets it to null.
 */
export function deleteAttribute(obj: Dict, model: ObjectModel, path: unknown): void {
  const parts = normalizePath(path);
  if (parts.length === 1) {
    fieldOf(obj, model, parts[0], true);
    obj[parts[0]] = null;
    return;
  }
  let current = fieldOf(obj, model, parts[0], true);
  for (const part of parts.slice(1, -1)) current = getItem(current, part);
  const last = parts.at(-1)!;
  if (isDict(current)) {
    if (!Object.hasOwn(current, last)) throw new PyError('KeyError', pyRepr(last));
    delete current[last];
  } else if (Array.isArray(current)) {
    throw new PyError('TypeError', 'list indices must be integers or slices, not str');
  } else {
    throw new PyError('TypeError', `'${pyTypeName(current)}' object doesn't support item deletion`);
  }
}

