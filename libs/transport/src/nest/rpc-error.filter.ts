import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { FerrumError, InternalError, unavailableDatabase } from '@ferrum/errors';
import type { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';
import { FerrumRpcContext } from './rpc.context';

/**
 * What crosses the wire when a handler fails: a domain error as itself (the caller rebuilds the same
 * class), a database outage as TemporaryFailure (503, retry), anything else as InternalError with a
 * generic message — the details stay in this service's log, never in an API response.
 * A domain error is an answer (the caller shows it as a 4xx or a known 5xx), worth a debug line;
 * anything else is a bug in the handler and is logged as an error with its stack.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(
    private readonly logger: Logger | undefined,
    private readonly service: string,
  ) {}

  catch(error: unknown, host: ArgumentsHost): Observable<never> {
    const ctx = host.switchToRpc().getContext<unknown>();
    const where = ctx instanceof FerrumRpcContext ? { subject: ctx.getSubject(), requestId: ctx.getRequestId() } : {};
    if (error instanceof FerrumError && error.status < 500) this.logger?.debug({ code: error.code, ...where }, error.message);
    else this.logger?.error({ err: error, ...where }, 'RPC handler failed');
    return throwError(() => wireError(error, this.service));
  }
}

export function wireError(error: unknown, service: string): FerrumError {
  if (error instanceof FerrumError) return error;
  return unavailableDatabase(error) ?? new InternalError({ message: `Internal error in ${service}` });
}
