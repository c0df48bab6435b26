import { Invalid, InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { FastifyRequest } from 'fastify';
import { fromQuery, rejectUnexpected, toBoolean, toStringArg } from '../common/args';
import { FrameworkError } from '../common/framework-error';
import { pyRepr } from '@ferrum/contracts';

/** Ferrum extension: ask for a durable job record of an async call (§8 + jobs). */
export const JOB_HEADER = 'X-Ferrum-Job';

/** The HTTP verbs a vendor method may declare (§8.1). */
export const PASSTHRU_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** One vendor passthru call as the client made it, before anything is looked up. */
export interface PassthruCall {
  /** Undefined when neither the path nor `?method=` named one, '' when `?method=` was empty: refused differently, as in Ironic. */
  method: string | undefined;
  httpMethod: (typeof PASSTHRU_VERBS)[number];
  /** The JSON body, passed opaquely to the method as its arguments. */
  args: Record<string, unknown>;
  job: boolean;
}

/**
 * Reads a call in either URL form (§8.1): `…/vendor_passthru/NAME` (the CLI) or `…/vendor_passthru?method=NAME`
 * (openstacksdk). The body is not merged into the arguments as elsewhere: Ironic hands it to the method whole.
 */
export function parsePassthruCall(request: FastifyRequest): PassthruCall {
  const params = request.params as Record<string, string | undefined>;
  const query = fromQuery(request.query);
  let method: string | undefined;
  if (params.method !== undefined) {
    // `methods` is the listing, a reserved segment: no vendor method can be reached by that name in the path form.
    if (params.method === 'methods') throw new FrameworkError(405, `The method ${request.method} is not allowed for this resource.`);
    rejectUnexpected(query, []);
    method = params.method;
  } else {
    rejectUnexpected(query, ['method']);
    method = toStringArg('method', query.method);
  }
  const httpMethod = request.method.toUpperCase() as PassthruCall['httpMethod'];
  if (!(PASSTHRU_VERBS as readonly string[]).includes(httpMethod)) {
    throw new FrameworkError(405, `The method ${request.method} is not allowed for this resource.`);
  }
  const header = request.headers[JOB_HEADER.toLowerCase()];
  const job = toBoolean(JOB_HEADER, Array.isArray(header) ? header[header.length - 1] : header) ?? false;
  return { method, httpMethod, args: bodyArgs(request.body), job };
}

/**
 * Ironic's argument check, before the node or driver is looked up.
 * @throws MissingParameterValue (400) when neither URL form named a method
 */
export function checkMethodGiven(call: PassthruCall): void {
  if (call.method === undefined) throw new MissingParameterValue({ message: 'Missing mandatory parameter: method' });
}

/** @throws as checkMethodGiven; Invalid (400) "Method not specified", Ironic's words, for an empty `?method=`. */
export function requireMethod(call: PassthruCall): string {
  checkMethodGiven(call);
  if (!call.method) throw new Invalid({ message: 'Method not specified' });
  return call.method;
}

function bodyArgs(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  // Ironic would pass it as keyword arguments and fail inside the conductor; say why here instead.
  throw new InvalidParameterValue({ message: `The body of a vendor passthru call must be a JSON object, not ${pyRepr(body)}` });
}
