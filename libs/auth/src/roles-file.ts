import { parse } from 'yaml';
import { z } from 'zod';
import { ROLES } from './credentials';

/** What the roles file gives a user: roles and one scope (the whole system, or one project). */
export interface RoleAssignment {
  roles: string[];
  system: boolean;
  projectId: string | null;
  projectName: string | null;
}

const entry = z
  .object({
    roles: z.array(z.enum(ROLES)).min(1),
    system: z.boolean().optional(),
    project_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a project id (letters, digits, "_" or "-")').optional(),
    project_name: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((e) => (e.system === true) !== (e.project_id !== undefined), { message: 'give exactly one scope: "system: true" or "project_id"' });

const file = z.record(z.string().min(1), entry);

/**
 * The companion of the htpasswd file (Ironic has none: under http_basic every user is an admin there):
 *
 * ```yaml
 * alice: { roles: [admin], system: true }                 # system administrator
 * nova:  { roles: [service], system: true }
 * bob:   { roles: [member], project_id: 5f2c…, project_name: tenant-a }
 * ```
 *
 * A user missing from the file has no roles, so the policy lets them do nothing.
 */
export function parseRolesFile(text: string, source: string): Map<string, RoleAssignment> {
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (error) {
    throw new Error(`${source}: not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = file.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return new Map(
    Object.entries(parsed.data).map(([user, e]) => [
      user,
      { roles: e.roles, system: e.system === true, projectId: e.project_id ?? null, projectName: e.project_name ?? null },
    ]),
  );
}
