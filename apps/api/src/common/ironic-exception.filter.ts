import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { classifyError } from '@ferrum/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ErrorBody, faultBody, frameworkBody } from './error-body';
import { scrubSecrets } from './mask-secrets';
import { FrameworkError, RecodedError } from './framework-error';
import type { RouteTable } from './route-table';
import { unrouted } from './unrouted';

interface Rendered {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
  /** Raised by Ironic's router, before its request-id and version middleware answer: no such headers. */
  bare?: boolean;
}

function scrubbed(body: ErrorBody, input: unknown): ErrorBody {
  const text = JSON.stringify(body);
  const clean = scrubSecrets(text, input);
  return clean === text ? body : (JSON.parse(clean) as ErrorBody);
}

/** Seconds a client should wait before retrying a 503 (Ferrum's choice; Ironic sends none). */
export const RETRY_AFTER_S = '2';

export const MIDDLEWARE_HEADERS = [
  'openstack-request-id',
  'x-openstack-ironic-api-version',
  'x-openstack-ironic-api-minimum-version',
  'x-openstack-ironic-api-maximum-version',
];

/**
 * The one place errors become HTTP (§3): domain errors with their status from the errors table and
 * Ironic's `faultcode/faultstring` body; router errors (404, 405, bad URL idents) in the framework
 * shape; anything unexpected as a 500 that says nothing about the cause, which goes to the log.
 */
@Catch()
export class IronicExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly routes: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const rendered = this.render(exception, request);
    const { status, headers, bare } = rendered;
    // Validation errors may quote the input (jsonschema does): never a password or token from the request.
    const body = status < 500 && request.body !== undefined ? scrubbed(rendered.body, request.body) : rendered.body;
    if (headers) reply.headers(headers);
    // A 503 is an outage or a full conductor: worth retrying, and clients (and proxies) are told when.
    if (status === 503) reply.header('Retry-After', RETRY_AFTER_S);
    if (bare) for (const name of MIDDLEWARE_HEADERS) reply.removeHeader(name);
    void reply.code(status).send(body);
  }

  render(exception: unknown, request: FastifyRequest): Rendered {
    const requestId = request.ironic?.requestId;
    if (exception instanceof RecodedError) return { status: exception.status, body: faultBody(exception.status, exception.message) };
    if (exception instanceof FrameworkError) {
      return { status: exception.status, body: frameworkBody(exception.status, exception.description), bare: exception.bare };
    }
    if (exception instanceof NotFoundException) return this.noRoute(request);
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      // Raised by Fastify itself before a handler ran (body too large, …).
      return { status: exception.getStatus(), body: faultBody(exception.getStatus(), exception.message) };
    }
    // Domain errors, database outages and bugs: the rule shared with the inspector. Our own 5xx
    // (conductor gone, RPC timeout, database down) carry a safe message but still deserve a log line.
    const { status, message, log } = classifyError(exception, 'Internal Server Error');
    if (log === 'warn') this.logger.warn({ err: exception, requestId }, 'request failed');
    if (log === 'error') this.logger.error({ err: exception, requestId, method: request.method, url: request.url }, 'unexpected error');
    return { status, body: faultBody(status, message) };
  }

  /**
   * No route matched: what Ironic's controllers answer there (see unrouted), else 405 if the path
   * exists under other methods (pecan's abort(405) carries no description), else 404.
   */
  private noRoute(request: FastifyRequest): Rendered {
    const path = request.url.split('?')[0];
    const answer = unrouted(request.method, path);
    if (answer) return this.render(answer, request);
    const allowed = this.routes.allowedMethods(path);
    if (allowed.length) {
      return {
        status: 405,
        body: frameworkBody(405, ''),
        headers: { Allow: allowed.join(', ') },
        bare: true,
      };
    }
    return { status: 404, body: frameworkBody(404, ''), bare: true };
  }
}
