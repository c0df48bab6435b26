import type { FastifyInstance } from 'fastify';
import type { FerrumMetrics } from './ferrum-metrics';

/**
 * Counts and times every answered request by route pattern (`/v1/nodes/:node_ident`, not the URL, so
 * that each node does not make its own series). Requests that matched no route share `unmatched`.
 */
export function instrumentFastify(fastify: FastifyInstance, metrics: FerrumMetrics, server: 'api' | 'inspector'): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(server, request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
