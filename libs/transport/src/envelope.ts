import { FerrumError, InternalError, WireError, fromWire, isWireError } from '@ferrum/errors';

/** The reply body on the wire: a result, or a domain error to rebuild. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: WireError };

export function toEnvelope(result: unknown): Envelope {
  return { ok: true, result: result === undefined ? null : result };
}

/**
 * Unknown errors cross as InternalError with a generic message: the details stay in the
 * handler's log, not in an API response.
 */
export function errorEnvelope(error: unknown): Envelope {
  if (error instanceof FerrumError) return { ok: false, error: error.toWire() };
  return { ok: false, error: new InternalError({ message: 'Internal error in conductor' }).toWire() };
}

export function openEnvelope<T>(envelope: Envelope): T {
  if (envelope.ok) return envelope.result as T;
  if (isWireError(envelope.error)) throw fromWire(envelope.error);
  throw new InternalError({ message: 'Malformed reply from conductor' });
}
