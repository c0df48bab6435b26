import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { type JsonBodyOptions, parseJsonBody } from './json-bodies';

/**
 * GET routes that take a JSON body (Ironic's vendor passthru reads one on every verb: redfish's
 * get_subscription takes its id so). Fastify never reads a GET body, so these routes read it themselves,
 * in a preValidation hook (where Fastify would have parsed it): the route's byte limit, the same parsing
 * and the same errors a POST body gets. Every other GET route still ignores its body. Each route by its
 * pattern as registered; must run before the routes are (Nest's init).
 */
export function acceptGetBodies(fastify: FastifyInstance, urls: string[], options: JsonBodyOptions): void {
  fastify.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('GET') || !urls.includes(route.url)) return;
    const own = route.preValidation === undefined ? [] : [route.preValidation].flat();
    route.preValidation = [
      async (request: FastifyRequest) => {
        if (request.method !== 'GET' || hasNoBody(request)) return;
        request.body = parseJsonBody(await readBody(request, request.routeOptions.bodyLimit), options);
      },
      ...own,
    ];
  });
}

/** Fastify's own test for a request without a body (no length, or 0, and not chunked). */
function hasNoBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/**
 * The raw body as UTF-8 text, bounded as Fastify bounds a parsed body, with its errors: 413 when the
 * declared or received length passes `limit`, 400 when fewer bytes came than declared or the stream failed.
 */
function readBody(request: FastifyRequest, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  const stream = request.raw;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
      if (received <= limit) return;
      stop();
      reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    };
    const onEnd = () => {
      stop();
      if (!Number.isNaN(declared) && received !== declared) reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error & { statusCode?: number }) => {
      stop();
      // A client that aborts or breaks its stream made the mistake: a 4xx, as Fastify answers it.
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}
