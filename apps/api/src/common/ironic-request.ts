import type { Credentials } from '@ferrum/auth';
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** What the request hooks learned about a request before it reached a controller. */
export interface IronicRequest {
  /** The minor part of the negotiated microversion (1.N). */
  version: number;
  /** `req-<uuid>`, echoed as Openstack-Request-Id and passed to conductors. */
  requestId: string;
  /** The URL ended in `.json` (removed before routing). */
  jsonSuffix: boolean;
  /** Who is calling (anonymous on public routes without credentials); what the policy decides on. */
  credentials: Credentials;
}

declare module 'fastify' {
  interface FastifyRequest {
    ironic: IronicRequest;
  }
}

/** Controller parameter: the request's microversion, request id and URL facts. */
export const Ironic = createParamDecorator((_data: unknown, ctx: ExecutionContext): IronicRequest => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().ironic;
});

/** True when the request's microversion is at least 1.`minor`. */
export function allows(req: IronicRequest, minor: number): boolean {
  return req.version >= minor;
}
