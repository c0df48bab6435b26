import type { DefaultRule } from './default-policy';

const SYSTEM_ADMIN: DefaultRule = { check: 'role:admin and system_scope:all', scopes: [] };

/**
 * ironic-inspector's default policy (its `ironic_inspector.policy.list_policies()`): reading status needs
 * a system reader, everything else a system admin; the version documents and the ramdisk callback are public.
 */
export const INSPECTOR_DEFAULT_POLICY: Record<string, DefaultRule> = {
  is_admin: { check: 'role:admin or role:administrator or role:baremetal_admin', scopes: [] },
  is_observer: { check: 'role:baremetal_observer', scopes: [] },
  public_api: { check: 'is_public_api:True', scopes: [] },
  default: { check: '!', scopes: [] },
  introspection: { check: 'rule:public_api', scopes: [] },
  'introspection:version': { check: 'rule:public_api', scopes: [] },
  'introspection:continue': { check: 'rule:public_api', scopes: [] },
  'introspection:status': { check: 'role:reader and system_scope:all', scopes: [] },
  'introspection:start': SYSTEM_ADMIN,
  'introspection:abort': SYSTEM_ADMIN,
  'introspection:data': SYSTEM_ADMIN,
  'introspection:reapply': SYSTEM_ADMIN,
  'introspection:rule:get': SYSTEM_ADMIN,
  'introspection:rule:delete': SYSTEM_ADMIN,
  'introspection:rule:create': SYSTEM_ADMIN,
};

/** The rule each admin route of the inspector needs, by method and route pattern. */
export const INSPECTOR_ROUTE_RULES: Record<string, string> = {
  'GET /v1/introspection': 'introspection:status',
  'GET /v1/introspection/:node': 'introspection:status',
  'POST /v1/introspection/:node': 'introspection:start',
  'POST /v1/introspection/:node/abort': 'introspection:abort',
  'GET /v1/introspection/:node/data': 'introspection:data',
  'GET /v1/introspection/:node/data/unprocessed': 'introspection:data',
  'POST /v1/introspection/:node/data/unprocessed': 'introspection:reapply',
  'GET /v1/rules': 'introspection:rule:get',
  'GET /v1/rules/:uuid': 'introspection:rule:get',
  'POST /v1/rules': 'introspection:rule:create',
  'DELETE /v1/rules': 'introspection:rule:delete',
  'DELETE /v1/rules/:uuid': 'introspection:rule:delete',
};
