import { InternalError } from '@ferrum/errors';

/**
 * What a client sees when an Ironic driver lets a plain Python exception escape (a bug upstream, but the
 * answer clients get): a 500 carrying the exception's text, the traceback cut off by the API.
 */

/** Python's type() name of a JSON value, as its TypeError messages print it. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** Python's truth value of a JSON value (`if not x:`). */
export function pyTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** A builtin exception (TypeError, AttributeError…) crosses oslo.messaging as itself: its message alone. */
export function builtinException(message: string): InternalError {
  return new InternalError({ message });
}

/**
 * Any other module's exception (sushy's) arrives as oslo.messaging's RemoteError, "Remote error: <class>
 * <message>" followed by the traceback as a Python list; Ironic's API cuts the text at "Traceback", which
 * leaves the list's opening `['`.
 */
export function remoteError(className: string, message: string): InternalError {
  return new InternalError({ message: `Remote error: ${className} ${message}\n['` });
}
