/** The roles Ironic's default policy names (Keystone's defaults plus `service` and `manager`). */
export const ROLES = ['admin', 'manager', 'member', 'reader', 'service'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as the policy sees it (oslo.context's fields under Ferrum's names): the same shape
 * whatever authenticated the caller, so one policy applies under every strategy.
 */
export interface Credentials {
  /** The user's name; null without authentication (noauth). */
  user: string | null;
  /** Roles, with the roles they imply already added (admin ⇒ member ⇒ reader, as Keystone's defaults). */
  roles: string[];
  /** Project scope: the project's id, or null for a system-scoped (or unscoped) caller. */
  projectId: string | null;
  projectName: string | null;
  /** System scope (`system_scope:all`). */
  system: boolean;
  /** Which strategy vouched for the caller (for the audit log). */
  via: 'noauth' | 'http_basic' | 'keystone' | 'anonymous';
}

/** Keystone's default implied roles: admin ⇒ member ⇒ reader; manager ⇒ member. */
const IMPLIES: Record<string, string[]> = { admin: ['manager', 'member', 'reader'], manager: ['member', 'reader'], member: ['reader'] };

export function withImpliedRoles(roles: readonly string[]): string[] {
  return [...new Set(roles.flatMap((r) => [r, ...(IMPLIES[r] ?? [])]))];
}

/** Without authentication everyone is the system administrator, as under Ironic's noauth. */
export const NOAUTH_CREDENTIALS: Credentials = Object.freeze({
  user: null,
  roles: withImpliedRoles(['admin']),
  projectId: null,
  projectName: null,
  system: true,
  via: 'noauth',
});

/** A caller on a public route who sent no credentials: no roles, no scope. */
export const ANONYMOUS_CREDENTIALS: Credentials = Object.freeze({
  user: null,
  roles: [],
  projectId: null,
  projectName: null,
  system: false,
  via: 'anonymous',
});
