import { QueryFailedError } from 'typeorm';

/** The name of the unique constraint or column a failed INSERT/UPDATE broke, if that was the cause. */
export function uniqueViolation(error: unknown): string | undefined {
  const driverError = driverErrorOf(error) as { code?: string; detail?: string; constraint?: string; message?: string } | undefined;
  if (driverError?.code !== '23505') return undefined;
  const detail = driverError.detail ?? driverError.message ?? '';
  const column = /Key \(([^)]+)\)/.exec(detail)?.[1];
  return column ?? driverError.constraint;
}

/** foreign_key_violation, or restrict_violation (what PostgreSQL 17, and so PGlite, reports for ON DELETE RESTRICT). */
export function foreignKeyViolation(error: unknown): boolean {
  const code = (driverErrorOf(error) as { code?: string } | undefined)?.code;
  return code === '23503' || code === '23001';
}

/** What node-postgres raised: inside TypeORM's QueryFailedError, or as it is from a prepared statement run on the pool. */
function driverErrorOf(error: unknown): unknown {
  if (error instanceof QueryFailedError) return error.driverError;
  return error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string' ? error : undefined;
}
