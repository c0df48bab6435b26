import { nulPath, nulRefusal } from '@ferrum/contracts';
import type { FerrumError } from '@ferrum/errors';
import type { FastifyInstance } from 'fastify';
import { jsonDepth } from './hardening';

export interface JsonBodyOptions {
  /** The largest body accepted, in bytes (Fastify answers 413 above it); routes may allow more (largeBodies). */
  bodyLimit?: number;
  /** The deepest nesting a body may have (checked on the text, before parsing). */
  maxDepth?: number;
  /** The dialect's error for a body that is not JSON (`why` is the parser's reason). */
  notJson: (why: string) => FerrumError;
  /** The dialect's error for a body holding NUL (`message` names where). */
  invalid: (message: string) => FerrumError;
}

/**
 * Every request body is JSON, whatever Content-Type the client sent (the baremetal CLI sends none on
 * some calls; ramdisks differ). An empty body is no body. Malformed JSON, or a string PostgreSQL
 * cannot hold (NUL), is a 400 in the service's own dialect, never a 500.
 */
export function acceptJsonBodies(fastify: FastifyInstance, options: JsonBodyOptions): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: options.bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8'), options));
    } catch (error) {
      done(error as FerrumError, undefined);
    }
  });
}

/**
 * One body's text as acceptJsonBodies reads it (shared with the GET bodies some routes read themselves):
 * undefined when blank, else the parsed JSON.
 * @throws the dialect's error (options.notJson, options.invalid) for malformed, too deep or NUL-holding JSON
 */
export function parseJsonBody(text: string, options: JsonBodyOptions): unknown {
  if (text.trim() === '') return undefined;
  if (options.maxDepth !== undefined && jsonDepth(text) > options.maxDepth) {
    throw options.invalid(`The request body nests deeper than ${options.maxDepth} levels.`);
  }
  let parsed: unknown;
  try {
    // A `__proto__` key would reach Object.assign when body keys are merged into arguments.
    parsed = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch (error) {
    throw options.notJson((error as Error).message);
  }
  const nul = nulPath(parsed);
  if (nul !== undefined) throw options.invalid(nulRefusal(nul));
  return parsed;
}

/**
 * A path segment or query value holding NUL (`%00`) would reach PostgreSQL as text it cannot hold
 * (a 500): refused with a 400 naming the argument, in the body the service's dialect uses.
 * Runs as a preHandler, after the routes' own identifier checks.
 */
export function refuseNulInUrls(fastify: FastifyInstance, body: (message: string) => unknown): void {
  fastify.addHook('preHandler', async (request, reply) => {
    const where = nulPath(request.params ?? {}) ?? nulPath(request.query ?? {});
    if (where !== undefined) return reply.code(400).send(body(nulRefusal(where)));
  });
}

/**
 * Routes that take bodies larger than the listener's limit (a config drive on a deploy, an inspection
 * report): each by method and route pattern as registered. Must run before the routes are (Nest's init).
 */
/** The largest inspection report a ramdisk may post (inventory, collectors' data and logs), on both callback doors. */
export const INSPECTION_REPORT_LIMIT = 16 * 1024 * 1024;

export function largeBodies(fastify: FastifyInstance, routes: { method: string; url: string; limit: number }[]): void {
  fastify.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const match = routes.find((r) => methods.includes(r.method as never) && r.url === route.url);
    if (match) route.bodyLimit = match.limit;
  });
}
