import { FerrumError, InternalError, WireError, fromWire, isWireError, unavailableDatabase } from '@ferrum/errors';

/** The reply body on the wire: a result, or a domain error to rebuild. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: WireError };

export function toEnvelope(result: unknown): Envelope {
  return { ok: true, result: result === undefined ? null : result };
}

/**
 * The last line of defence: Ferrum servers turn errors into domain errors (and log them) in RpcErrorFilter;
 * anything else still crosses as InternalError with a generic message, never with its details.
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
