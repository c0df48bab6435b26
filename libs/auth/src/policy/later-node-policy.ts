import type { DefaultRule } from './default-policy';

const SYSTEM_MEMBER = '(role:member and system_scope:all) or rule:service_role';
// Ironic's SYSTEM_OR_PROJECT_MEMBER: (SYSTEM_MEMBER) or (PROJECT_MEMBER) or (SYSTEM_SERVICE).
const SYSTEM_OR_PROJECT_MEMBER =
  '((role:member and system_scope:all) or rule:service_role) or (role:member and (project_id:%(node.owner)s or project_id:%(node.lessee)s)) or (role:service and system_scope:all)';
const SYSTEM_OR_PROJECT_READER =
  '((role:reader and system_scope:all) or (role:service and system_scope:all) or rule:service_role) or (role:reader and (project_id:%(node.owner)s or project_id:%(node.lessee)s)) or (role:service and project_id:%(node.owner)s)';

/**
 * Node rules Ironic added after 21.4 (ironic/common/policy.py node_policies), for the API versions Ferrum serves
 * beyond 1.82. Kept apart from DEFAULT_POLICY, which is exactly Ironic 21.4's list; the API adds them.
 */
export const LATER_NODE_POLICY: Record<string, DefaultRule> = {
  // 1.83: who may change a node's parent_node: system members only, not the node's owner.
  'baremetal:node:update:parent_node': { check: SYSTEM_MEMBER, scopes: ['system', 'project'] },
  // 1.86: GET /v1/nodes/{n}/firmware.
  'baremetal:node:firmware:get': { check: SYSTEM_OR_PROJECT_READER, scopes: ['system', 'project'] },
  // 1.95: who may keep a node from ever being powered off: system admins.
  'baremetal:node:update:disable_power_off': { check: 'role:admin and system_scope:all', scopes: ['system', 'project'] },
  // 1.89: POST and DELETE /v1/nodes/{n}/vmedia.
  'baremetal:node:vmedia:attach': { check: SYSTEM_OR_PROJECT_MEMBER, scopes: ['system', 'project'] },
  'baremetal:node:vmedia:detach': { check: SYSTEM_OR_PROJECT_MEMBER, scopes: ['system', 'project'] },
  // 1.93: GET /v1/nodes/{n}/vmedia.
  'baremetal:node:vmedia:get': { check: SYSTEM_OR_PROJECT_READER, scopes: ['system', 'project'] },
};
