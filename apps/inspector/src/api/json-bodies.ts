import { Invalid } from '@ferrum/errors';
import type { FastifyInstance } from 'fastify';

/** Bodies are JSON whatever the Content-Type (ramdisks and clients differ); malformed JSON is a 400. */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)));
    } catch (error) {
      done(new Invalid({ message: `Invalid data: not a JSON document: ${(error as Error).message}` }), undefined);
    }
  });
}
