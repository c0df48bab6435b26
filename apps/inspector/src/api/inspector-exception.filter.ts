import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { classifyError } from '@ferrum/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** ironic-inspector's error body `{"error": {"message": …}}` for every failure; unexpected ones are a bare 500. */
@Catch()
export class InspectorExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    let status: number;
    let message: string;
    if (exception instanceof NotFoundException) {
      status = 404;
      message = `Not Found: ${request.method} ${request.url}`;
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      message = exception.message;
    } else {
      // Domain errors, database outages and bugs: the rule shared with the API.
      let log: string;
      ({ status, message, log } = classifyError(exception, 'Internal server error'));
      if (log === 'warn') this.logger.warn({ err: exception }, 'inspector request failed');
      if (log === 'error') this.logger.error({ err: exception, method: request.method, url: request.url }, 'unexpected inspector error');
    }
    if (status === 503) void reply.header('Retry-After', '2');
    void reply.code(status).send({ error: { message } });
  }
}
