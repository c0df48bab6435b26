import { nulPath, nulRefusal } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import type { FastifyInstance } from 'fastify';

/** Bodies are JSON whatever the Content-Type (ramdisks and clients differ); malformed JSON, or NUL in a body, is a 400. */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
    } catch (error) {
      return done(new Invalid({ message: `Invalid data: not a JSON document: ${(error as Error).message}` }), undefined);
    }
    // PostgreSQL cannot hold NUL: refused here rather than failing as a 500 in the database.
    const nul = nulPath(parsed);
    if (nul !== undefined) return done(new Invalid({ message: nulRefusal(nul) }), undefined);
    done(null, parsed);
  });
}

/** NUL in a path segment or query value (`%00`), which PostgreSQL cannot hold either: a 400 naming the argument. */
export function refuseNulInUrls(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request, reply) => {
    const where = nulPath(request.params ?? {}) ?? nulPath(request.query ?? {});
    if (where !== undefined) return reply.code(400).send({ error: { message: nulRefusal(where) } });
  });
}
