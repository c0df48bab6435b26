import type { PatchOp } from '../common/json-patch';

const INTERFACE_FIELD = /^\/(bios|boot|console|deploy|firmware|inspect|management|network|power|raid|rescue|storage|vendor)_interface/;
const FALSE_STRINGS = ['0', 'f', 'false', 'n', 'no', 'off'];

/** oslo's bool_from_string(value, default=None) is False. */
function isFalse(value: unknown): boolean {
  if (value === false) return true;
  return typeof value === 'string' && FALSE_STRINGS.includes(value.trim().toLowerCase());
}

/** Paths with a rule of their own, checked in this order (prefix matches, as Ironic's startswith). */
const BY_PREFIX: [string, string][] = [
  ['/instance_info', 'baremetal:node:update_instance_info'],
  ['/extra', 'baremetal:node:update_extra'],
];
const AFTER_CLEAN: [string, string][] = [
  ['/driver_info', 'baremetal:node:update:driver_info'],
  ['/properties', 'baremetal:node:update:properties'],
  ['/chassis_uuid', 'baremetal:node:update:chassis_uuid'],
  ['/instance_uuid', 'baremetal:node:update:instance_uuid'],
  ['/lessee', 'baremetal:node:update:lessee'],
  ['/owner', 'baremetal:node:update:owner'],
  ['/driver', 'baremetal:node:update:driver_interfaces'],
];
const AFTER_INTERFACES: [string, string][] = [
  ['/network_data', 'baremetal:node:update:network_data'],
  ['/conductor_group', 'baremetal:node:update:conductor_group'],
  ['/name', 'baremetal:node:update:name'],
  ['/retired', 'baremetal:node:update:retired'],
  ['/shard', 'baremetal:node:update:shard'],
  ['/parent_node', 'baremetal:node:update:parent_node'],
  ['/disable_power_off', 'baremetal:node:update:disable_power_off'],
  ['/instance_name', 'baremetal:node:update_instance_info'],
  ['/maintenance', 'baremetal:node:set_maintenance'],
];

/**
 * The rules a node PATCH needs (Ironic's _authorize_patch_and_get_node): one per field with a rule of its
 * own, `baremetal:node:update` for anything else, and always at least one. The first decides 404.
 */
export function nodePatchRules(patch: PatchOp[]): string[] {
  const rules: string[] = [];
  let generic = false;
  for (const op of patch) {
    const rule =
      BY_PREFIX.find(([prefix]) => op.path.startsWith(prefix))?.[1] ??
      (op.path.startsWith('/automated_clean') && isFalse(op.value) ? 'baremetal:node:disable_cleaning' : undefined) ??
      AFTER_CLEAN.find(([prefix]) => op.path.startsWith(prefix))?.[1] ??
      (INTERFACE_FIELD.test(op.path) ? 'baremetal:node:update:driver_interfaces' : undefined) ??
      AFTER_INTERFACES.find(([prefix]) => op.path.startsWith(prefix))?.[1];
    if (rule) rules.push(rule);
    else generic = true;
  }
  if (generic || rules.length === 0) rules.push('baremetal:node:update');
  return rules;
}
