import { FerrumError, InternalError, WireError, fromWire, isWireError, unavailableDatabase } from '@ferrum/errors';
import type { Logger } from 'pino';

/** The reply body on the wire: a result, or a domain error to rebuild. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: WireError };

export function toEnvelope(result: unknown): Envelope {
  return { ok: true, result: result === undefined ? null : result };
}

/**
 * Unknown errors cross as InternalError with a generic message: the details stay in the
 * handler's log, not in an API response. A database that is down crosses as a TemporaryFailure (503).
 */
export function errorEnvelope(error: unknown): Envelope {
  if (error instanceof FerrumError) return { ok: false, error: error.toWire() };
  const unavailable = unavailableDatabase(error);
  if (unavailable) return { ok: false, error: unavailable.toWire() };
  return { ok: false, error: new InternalError({ message: 'Internal error in conductor' }).toWire() };
}

export function openEnvelope<T>(envelope: Envelope): T {
  if (envelope.ok) return envelope.result as T;
  if (isWireError(envelope.error)) throw fromWire(envelope.error);
  throw new InternalError({ message: 'Malformed reply from conductor' });
}

/**
 * A domain error is an answer (the caller shows it as a 4xx or a known 5xx), worth a debug line;
 * anything else is a bug in the handler and is logged as an error with its stack.
 */
export function logHandlerError(logger: Logger | undefined, error: unknown, subject: string, requestId?: string): void {
  if (error instanceof FerrumError && error.status < 500) logger?.debug({ code: error.code, subject, requestId }, error.message);
  else logger?.error({ err: error, subject, requestId }, 'RPC handler failed');
}
