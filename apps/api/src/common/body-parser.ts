import { nulPath, nulRefusal } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import type { FastifyInstance } from 'fastify';

/**
 * Every request body is JSON, whatever Content-Type the client sent (the CLI sends none on some
 * calls). An empty body is no body. Malformed JSON, or a string PostgreSQL cannot hold (NUL), is a 400, never a 500.
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      // A `__proto__` key would reach Object.assign when body keys are merged into arguments.
      parsed = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
    } catch (error) {
      return done(new InvalidParameterValue({ message: `The request body is not valid JSON: ${(error as Error).message}` }), undefined);
    }
    const nul = nulPath(parsed);
    if (nul !== undefined) return done(new InvalidParameterValue({ message: nulRefusal(nul) }), undefined);
    done(null, parsed);
  });
}
