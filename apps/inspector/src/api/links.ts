import type { FastifyRequest } from 'fastify';

/** Base URL as the client reached us (links in bodies point back to the same listener). */
export function baseUrl(request: FastifyRequest): string {
  const proto = (request.headers['x-forwarded-proto'] as string | undefined) ?? request.protocol;
  return `${proto}://${request.headers.host ?? request.hostname}`;
}
