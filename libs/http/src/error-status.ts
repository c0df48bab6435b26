import { FerrumError, unavailableDatabase } from '@ferrum/errors';

export interface Classified {
  status: number;
  /** Safe to show: a domain error's own message, or a generic one. */
  message: string;
  /** How loud the log line should be: a 4xx is the client's business, a known 5xx a warning, the rest a bug. */
  log: 'none' | 'warn' | 'error';
}

/**
 * The one rule both HTTP services apply to a failure: a domain error answers with its status from the
 * errors table; a database that is down is a 503 to retry; anything else is a 500 whose cause stays in
 * the log. Framework errors (404, 405…) are each dialect's business and are not handled here.
 */
export function classifyError(exception: unknown, internalMessage: string): Classified {
  if (exception instanceof FerrumError) return { status: exception.status, message: exception.message, log: exception.status >= 500 ? 'warn' : 'none' };
  const unavailable = unavailableDatabase(exception);
  if (unavailable) return { status: unavailable.status, message: unavailable.message, log: 'warn' };
  return { status: 500, message: internalMessage, log: 'error' };
}
