import { TemporaryFailure } from './errors';

/** Socket errors a database client raises when the server cannot be reached or went away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL SQLSTATEs for the same: class 08 (connection exception), shutting down, not accepting connections yet. */
const SQLSTATES = /^(08\d{3}|57P01|57P02|57P03)$/;
/**
 * What node-postgres and its pool say when a connection drops or cannot be had in time, and what TypeORM
 * says of the next query on a connection it released because the server shut it (seen in a real restart).
 */
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Query runner already released/i;

/**
 * A database that is down or restarting is the client's to retry, not a server bug: it becomes a
 * 503 TemporaryFailure (never a 500), worded without the address or the driver's text.
 * Recognised by shape, so this lib needs no database driver; undefined for any other error.
 */
export function unavailableDatabase(error: unknown): TemporaryFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const found =
    (code !== undefined && (SOCKET_CODES.has(code) || SQLSTATES.test(code))) ||
    (typeof e.message === 'string' && MESSAGES.test(e.message)) ||
    (e.driverError !== undefined && e.driverError !== error && unavailableDatabase(e.driverError) !== undefined);
  return found ? new TemporaryFailure({ message: 'The database is unavailable; please retry.' }) : undefined;
}
