import { nulPath, nulRefusal } from '@ferrum/contracts';
import type { FastifyInstance } from 'fastify';
import { faultBody } from './error-body';

/**
 * A path segment or query value holding NUL (`%00`) would reach PostgreSQL as text it cannot hold
 * (a 500): refused here with a 400 naming the argument, after the routes' own identifier checks.
 */
export function registerNulCheck(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request, reply) => {
    const where = nulPath(request.params ?? {}) ?? nulPath(request.query ?? {});
    if (where !== undefined) return reply.code(400).send(faultBody(400, nulRefusal(where)));
  });
}
