import { pyRepr, pyStr } from '@ferrum/contracts';
import type { Json, Reply } from './redfish-client';

/**
 * A failure as sushy raises it (a SushyError subclass). Ironic's Redfish vendor methods put its text after
 * "Error: " in their own messages, so the class and text follow sushy 4.3's.
 */
export class SushyError extends Error {
  constructor(
    readonly className: string,
    message: string,
  ) {
    super(message);
  }
}

export const missingAttribute = (attribute: string, resource: string) =>
  new SushyError('MissingAttributeError', `The attribute ${attribute} is missing from the resource ${resource}`);

const isDict = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The message sushy reads from an error body: the first Critical, then Warning, extended message, else the error's own. */
function mostSevere(extended: unknown, fallback: unknown): unknown {
  if (isDict(extended)) return extended.Message || fallback;
  if (!Array.isArray(extended)) return fallback;
  for (const severity of ['Critical', 'Warning']) {
    const found = extended.find((m) => isDict(m) && m.Severity === severity) as Json | undefined;
    if (found) return found.Message || fallback;
  }
  return fallback;
}

/** sushy's raise_for_response: the HTTPError subclass for the status, worded from the Redfish error body. */
export function httpError(method: string, url: string, reply: Pick<Reply, 'status' | 'body'>): SushyError {
  const { status, body } = reply;
  if (status === 404) return new SushyError('ResourceNotFoundError', `Resource ${url} not found`);
  const className = status === 400 ? 'BadRequestError' : status === 401 || status === 403 ? 'AccessError' : status >= 500 ? 'ServerSideError' : 'HTTPError';
  let error = 'unknown error';
  let extendedInfo = 'none';
  if (body !== null) {
    const err = isDict(body.error) ? body.error : {};
    const extended = err['@Message.ExtendedInfo'] ?? [{}];
    const detail = mostSevere(extended, err.message);
    error = `${'code' in err ? pyStr(err.code) : 'Base.1.0.GeneralError'}: ${detail ? pyStr(detail) : 'unknown error.'}`;
    extendedInfo = pyRepr(extended);
  }
  return new SushyError(className, `HTTP ${method} ${url} returned code ${status}. ${error} Extended information: ${extendedInfo}`);
}
