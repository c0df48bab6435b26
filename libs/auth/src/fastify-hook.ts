import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthFailure } from './auth-failure';
import type { Authenticator } from './authenticator';
import type { Credentials } from './credentials';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set on every request (public routes get the anonymous caller or, with credentials, theirs). */
    credentials: Credentials | null;
  }
}

/**
 * Authentication in front of everything else, as Ironic's middleware sits outside its API: a refused
 * request gets the middleware's answer (no request id, no version headers). Public paths (matched on
 * the path as sent) pass without credentials.
 */
export function registerAuthentication(
  fastify: FastifyInstance,
  authenticator: Authenticator,
  isPublic: (url: string) => boolean,
  answer: (failure: AuthFailure, reply: FastifyReply) => FastifyReply = middlewareAnswer,
): void {
  fastify.decorateRequest('credentials', null);
  fastify.addHook('onRequest', async (request, reply) => {
    if (isPublic(originalUrl(request))) return;
    try {
      request.credentials = await authenticator.authenticate(request.headers);
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      if (error.status === 503) reply.header('Retry-After', '2');
      return answer(error, reply);
    }
  });
  fastify.addHook('onClose', async () => authenticator.close());
}

/** The API's answer: the auth middleware's own JSON document, and for 401 how to authenticate. */
function middlewareAnswer(failure: AuthFailure, reply: FastifyReply): FastifyReply {
  if (failure.challenge) reply.header('WWW-Authenticate', failure.challenge);
  return reply.code(failure.status).header('Content-Type', 'application/json').send(failure.body());
}

function originalUrl(request: FastifyRequest): string {
  return request.originalUrl ?? request.raw.url ?? request.url;
}
