import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { FerrumError, unavailableDatabase } from '@ferrum/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** ironic-inspector's error body `{"error": {"message": …}}` for every failure; unexpected ones are a bare 500. */
@Catch()
export class InspectorExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    let status = 500;
    let message = 'Internal server error';
    if (exception instanceof FerrumError) {
      status = exception.status;
      message = exception.message;
      if (status >= 500) this.logger.warn({ err: exception }, 'inspector request failed');
    } else if (exception instanceof NotFoundException) {
      status = 404;
      message = `Not Found: ${request.method} ${request.url}`;
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      message = exception.message;
    } else {
      const unavailable = unavailableDatabase(exception);
      if (unavailable) {
        [status, message] = [unavailable.status, unavailable.message];
        this.logger.warn({ err: exception }, 'database unavailable');
      } else {
        this.logger.error({ err: exception, method: request.method, url: request.url }, 'unexpected inspector error');
      }
    }
    void reply.code(status).send({ error: { message } });
  }
}
