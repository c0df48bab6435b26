import type { DefaultRule } from './default-policy';

const SYSTEM_READER = '(role:reader and system_scope:all) or (role:service and system_scope:all) or rule:service_role';
const SYSTEM_ADMIN = 'role:admin and system_scope:all';
const scopes: DefaultRule['scopes'] = ['system', 'project'];

/**
 * The inspection rules' default policy (API 1.96), as later Ironic releases list it (ironic/common/policy.py
 * rule_policies). Kept apart from DEFAULT_POLICY, which is exactly Ironic 21.4's list; the API adds these.
 * Ironic's list checks `get`; its `list_all` is defined (and kept here) but not checked.
 */
export const INSPECTION_RULE_POLICY: Record<string, DefaultRule> = {
  'baremetal:inspection_rule:get': { check: SYSTEM_READER, scopes },
  'baremetal:inspection_rule:list_all': { check: SYSTEM_READER, scopes },
  'baremetal:inspection_rule:create': { check: SYSTEM_ADMIN, scopes },
  'baremetal:inspection_rule:update': { check: SYSTEM_ADMIN, scopes },
  'baremetal:inspection_rule:delete': { check: SYSTEM_ADMIN, scopes },
};
