import { z } from 'zod';
import { option } from './option';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true');

/** Who may call the API and the inspector (Ironic's [DEFAULT]auth_strategy and its companions). */
export const authOptions = {
  authStrategy: option(
    'FERRUM_AUTH_STRATEGY',
    z.enum(['noauth', 'http_basic', 'keystone']).default('noauth'),
    'How callers of the API and the inspector are authenticated: noauth (none: everyone is an administrator; loopback only unless FERRUM_ALLOW_INSECURE_NOAUTH=true), http_basic (htpasswd file, as Metal3 runs Ironic) or keystone (X-Auth-Token). Lookup, heartbeat, the inspection callback and the version documents stay public, as in Ironic.',
  ),
  allowInsecureNoauth: option(
    'FERRUM_ALLOW_INSECURE_NOAUTH',
    bool(false),
    'Allow noauth on an address other than loopback (only behind something that authenticates callers); without it such a start-up is refused.',
  ),
  httpBasicAuthUserFile: option(
    'FERRUM_HTTP_BASIC_AUTH_USER_FILE',
    z.string().min(1).default('/etc/ferrum/htpasswd'),
    'Apache htpasswd file for http_basic (bcrypt entries only: htpasswd -B), as Ironic\'s http_basic_auth_user_file; re-read when it changes.',
  ),
  httpBasicRolesFile: option(
    'FERRUM_HTTP_BASIC_ROLES_FILE',
    z.string().min(1).optional(),
    'YAML file giving http_basic users their roles and scope ("alice: {roles: [admin], system: true}", "bob: {roles: [member], project_id: …}"); re-read when it changes. Unset: every authenticated user is a system administrator, as in Ironic.',
  ),
  policyFile: option(
    'FERRUM_POLICY_FILE',
    z.string().min(1).optional(),
    "Operator overrides of Ironic's default policy, in Ironic's policy.yaml format (rule name: check string); checked at start-up. Applied under every FERRUM_AUTH_STRATEGY. Unset: Ironic's defaults.",
  ),
  keystoneAuthUrl: option('FERRUM_KEYSTONE_AUTH_URL', z.url().optional(), 'Keystone identity URL for keystone authentication (e.g. http://keystone:5000/v3).'),
  keystoneWwwAuthenticateUri: option(
    'FERRUM_KEYSTONE_WWW_AUTHENTICATE_URI',
    z.url().optional(),
    'Keystone URL given to clients in WWW-Authenticate on 401. Unset: FERRUM_KEYSTONE_AUTH_URL.',
  ),
  keystoneUsername: option('FERRUM_KEYSTONE_USERNAME', z.string().min(1).optional(), 'Service user Ferrum validates tokens as (needs the service or admin role).'),
  keystonePassword: option('FERRUM_KEYSTONE_PASSWORD', z.string().min(1).optional(), "The service user's password (never logged)."),
  keystoneProjectName: option('FERRUM_KEYSTONE_PROJECT_NAME', z.string().min(1).default('service'), "The service user's project."),
  keystoneUserDomainName: option('FERRUM_KEYSTONE_USER_DOMAIN_NAME', z.string().min(1).default('Default'), "The service user's domain."),
  keystoneProjectDomainName: option('FERRUM_KEYSTONE_PROJECT_DOMAIN_NAME', z.string().min(1).default('Default'), "The service project's domain."),
  keystoneTokenCacheS: option(
    'FERRUM_KEYSTONE_TOKEN_CACHE_S',
    z.coerce.number().int().min(0).max(3600).default(300),
    'How long a validated token is trusted before Keystone is asked again (never past its expiry); keystonemiddleware\'s token_cache_time.',
  ),
};
