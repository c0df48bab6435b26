import { QueryFailedError } from 'typeorm';

/** The name of the unique constraint or column a failed INSERT/UPDATE broke, if that was the cause. */
export function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; detail?: string; constraint?: string; message?: string };
  if (driverError?.code !== '23505') return undefined;
  const detail = driverError.detail ?? driverError.message ?? '';
  const column = /Key \(([^)]+)\)/.exec(detail)?.[1];
  return column ?? driverError.constraint;
}

/** foreign_key_violation, or restrict_violation (what PostgreSQL 17, and so PGlite, reports for ON DELETE RESTRICT). */
export function foreignKeyViolation(error: unknown): boolean {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: string })?.code : undefined;
  return code === '23503' || code === '23001';
}
