import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The audit trail: one `audit` line per state-changing request, refused ones included — who (user,
 * project, scope, how they authenticated), what (method, path, node), the request id to find the rest
 * by, and the outcome. Never a body: bodies carry passwords and config drives.
 */
export function registerAuditLog(fastify: FastifyInstance, logger: Logger, requestId: (request: unknown) => string | undefined): void {
  fastify.addHook('onResponse', async (request, reply) => {
    if (!WRITES.has(request.method)) return;
    const who = request.credentials;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const path = request.url.split('?')[0];
    logger.info(
      {
        audit: {
          user: who?.user ?? null,
          project: who?.projectId ?? null,
          system: who?.system ?? false,
          via: who?.via ?? 'anonymous',
          requestId: requestId(request) ?? null,
          method: request.method,
          path,
          node: params.ident ?? params.node ?? null,
          status: reply.statusCode,
          source: request.socket.remoteAddress ?? null,
        },
      },
      'audit',
    );
  });
}
