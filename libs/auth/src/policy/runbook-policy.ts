import type { DefaultRule } from './default-policy';

// Ironic 26.1's building blocks (ironic/common/policy.py), spelled out as its check strings expand them.
const SYSTEM_MEMBER = '(role:member and system_scope:all) or rule:service_role';
const SYSTEM_READER = '(role:reader and system_scope:all) or (role:service and system_scope:all) or rule:service_role';
const API_READER = '(role:reader) or (role:service)';
// A runbook's owner project: its managers administer it, its readers see it.
const RUNBOOK_ADMIN = `(${SYSTEM_MEMBER}) or (role:manager and project_id:%(runbook.owner)s) or role:service`;
const RUNBOOK_READER = `(${SYSTEM_READER}) or (role:reader and project_id:%(runbook.owner)s) or role:service`;
const RUNBOOK_CREATOR = `(${SYSTEM_MEMBER}) or role:manager or role:service`;
const scopes: DefaultRule['scopes'] = ['system', 'project'];

/**
 * The runbooks' default policy (API 1.92), as Ironic 26.1 lists it (runbook_policies). Kept apart from
 * DEFAULT_POLICY, which is exactly Ironic 21.4's list; the API adds these. A public runbook is readable by
 * anyone the `get` rule refuses (the API checks that, not the policy); `use` guards naming one in a clean
 * or service.
 */
export const RUNBOOK_POLICY: Record<string, DefaultRule> = {
  'baremetal:runbook:get': { check: RUNBOOK_READER, scopes },
  'baremetal:runbook:list': { check: API_READER, scopes },
  'baremetal:runbook:list_all': { check: SYSTEM_READER, scopes },
  'baremetal:runbook:create': { check: RUNBOOK_CREATOR, scopes },
  'baremetal:runbook:delete': { check: RUNBOOK_ADMIN, scopes },
  'baremetal:runbook:update': { check: RUNBOOK_ADMIN, scopes },
  'baremetal:runbook:update:public': { check: SYSTEM_MEMBER, scopes },
  'baremetal:runbook:update:owner': { check: SYSTEM_MEMBER, scopes },
  'baremetal:runbook:use': { check: RUNBOOK_ADMIN, scopes },
};
