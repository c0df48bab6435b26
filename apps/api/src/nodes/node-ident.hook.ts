import type { FastifyInstance } from 'fastify';
import { frameworkBody } from '../common/error-body';
import { isUuidLike, isValidLogicalName } from '../common/idents';
import { MIDDLEWARE_HEADERS } from '../common/ironic-exception.filter';

/**
 * The routes Ironic's NodesController serves itself (the node, its validate, its sub-collections): its
 * `_lookup` checks the ident while routing, before the request-id and version middleware answer,
 * so the 400 is framework-shaped, bare, and names the argument `node`. The sub-controllers (states,
 * maintenance, management, vendor_passthru) check it in their handlers instead (NodeLookup).
 */
const NODE_LEVEL = /^\/v1\/nodes\/:ident(\/validate|\/(ports|portgroups|volume|traits|inventory|vifs|history|allocation|bios|children|firmware|vmedia)(\/.*)?)?$/;

export function registerNodeIdentCheck(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request, reply) => {
    if (!NODE_LEVEL.test(request.routeOptions.url ?? '')) return;
    const ident = (request.params as Record<string, string>).ident;
    if (isUuidLike(ident) || isValidLogicalName(ident)) return;
    for (const name of MIDDLEWARE_HEADERS) reply.removeHeader(name);
    return reply.code(400).send(frameworkBody(400, `Expected UUID or name for node: ${ident}`));
  });
}
