import { ANONYMOUS_CREDENTIALS } from '@ferrum/auth';
import { MIN_VERSION, Microversion, formatVersion } from '@ferrum/contracts';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { frameworkBody } from './error-body';
import { MAX_VERSION_HEADER, MIN_VERSION_HEADER, VERSION_HEADER, negotiateVersion } from './microversion';
import { rewriteUrl, stripsJsonSuffix } from './path-rewrite';
import './ironic-request';

const JSON_SUFFIX = Symbol('jsonSuffix');
const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fastify's rewriteUrl option: Ironic's path conventions, applied before routing (`maximum`: the served one). */
export function rewriteIncoming(maximum: number): (req: IncomingMessage) => string {
  return (req) => {
    const { url, jsonSuffix } = rewriteUrl(req.url ?? '/', stripsJsonSuffix(single(req.headers[VERSION_HEADER.toLowerCase()]), maximum));
    (req as IncomingMessage & { [JSON_SUFFIX]?: boolean })[JSON_SUFFIX] = jsonSuffix;
    return url;
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/**
 * Runs before routing on every request: request ids, and for `/v1…` the microversion (§2.3).
 * The min/max headers go on every /v1 response, even the 406 that refuses the version; the
 * effective version goes on everything else. A refused version never reaches a controller.
 */
export function registerRequestHooks(fastify: FastifyInstance, logger: Logger, maximum: number): void {
  fastify.decorateRequest('ironic', null as never);
  fastify.addHook('onRequest', async (request, reply) => {
    // Our own id always answers; a client's `req-<uuid>` is the global id that follows the request to conductors.
    const localId = `req-${randomUUID()}`;
    const clientId = single(request.headers['x-openstack-request-id']);
    const globalId = clientId && REQUEST_ID.test(clientId) ? clientId : undefined;
    reply.header('Openstack-Request-Id', localId);
    // 1.107 (Ironic 34.0): oslo's own header as well, with the same id.
    if (maximum >= Microversion.X_OPENSTACK_REQUEST_ID) reply.header('X-Openstack-Request-Id', localId);
    const jsonSuffix = (request.raw as IncomingMessage & { [JSON_SUFFIX]?: boolean })[JSON_SUFFIX] === true;
    request.ironic = { version: MIN_VERSION, requestId: globalId ?? localId, jsonSuffix, credentials: request.credentials ?? ANONYMOUS_CREDENTIALS };

    const path = request.url.split('?')[0];
    if (path !== '/v1' && !path.startsWith('/v1/')) return;
    const negotiated = negotiateVersion(single(request.headers[VERSION_HEADER.toLowerCase()]), maximum);
    // Ironic refuses a version before its request-id middleware runs (no request id), and one it
    // cannot even parse before it knows to name its range (no min/max either).
    if (!negotiated.ok) {
      reply.removeHeader('Openstack-Request-Id');
      reply.removeHeader('X-Openstack-Request-Id');
      if (!negotiated.unparsable) reply.header(MIN_VERSION_HEADER, formatVersion(MIN_VERSION)).header(MAX_VERSION_HEADER, formatVersion(maximum));
      return reply.code(406).send(frameworkBody(406, negotiated.description));
    }
    reply.header(MIN_VERSION_HEADER, formatVersion(MIN_VERSION)).header(MAX_VERSION_HEADER, formatVersion(maximum));
    request.ironic.version = negotiated.minor;
    reply.header(VERSION_HEADER, formatVersion(negotiated.minor));
  });
  // Ironic (webob) sends JSON as plain `application/json`, without Fastify's charset parameter.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (reply.getHeader('content-type') === 'application/json; charset=utf-8') reply.header('content-type', 'application/json');
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      { method: request.method, url: request.url, status: reply.statusCode, requestId: request.ironic?.requestId, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
}
