import type { FastifyInstance, FastifyRequest } from 'fastify';

export const MIN_VERSION: [number, number] = [1, 0];
export const MAX_VERSION: [number, number] = [1, 18];
const fmt = (v: [number, number]) => `${v[0]}.${v[1]}`;
const cmp = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

declare module 'fastify' {
  interface FastifyRequest {
    inspectorVersion?: [number, number];
  }
}

/** An API version problem answered before any handler ran. */
export class VersionError extends Error {
  constructor(
    readonly status: 400 | 406,
    message: string,
  ) {
    super(message);
  }
}

/** The requested version: X-OpenStack-Ironic-Inspector-API-Version, or OpenStack-API-Version: baremetal-introspection X.Y; missing → the maximum. */
export function requestedVersion(request: FastifyRequest): [number, number] {
  let raw = request.headers['x-openstack-ironic-inspector-api-version'] as string | undefined;
  const generic = request.headers['openstack-api-version'] as string | undefined;
  if (!raw && generic) raw = /baremetal-introspection\s+(\S+)/i.exec(generic)?.[1];
  if (!raw || raw.trim().toLowerCase() === 'latest') return MAX_VERSION;
  const m = /^\s*(\d+)\.(\d+)\s*$/.exec(raw);
  if (!m) throw new VersionError(400, `Malformed API version: expected string in form of X.Y or latest, got ${raw}`);
  const v: [number, number] = [Number(m[1]), Number(m[2])];
  if (cmp(v, MIN_VERSION) < 0 || cmp(v, MAX_VERSION) > 0) {
    throw new VersionError(406, `Unsupported API version ${raw}, supported range is ${fmt(MIN_VERSION)} to ${fmt(MAX_VERSION)}`);
  }
  return v;
}

/** Every response carries the supported range (§2); the version check runs before routing. */
export function registerVersionHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('X-OpenStack-Ironic-Inspector-API-Minimum-Version', fmt(MIN_VERSION));
    reply.header('X-OpenStack-Ironic-Inspector-API-Maximum-Version', fmt(MAX_VERSION));
    try {
      request.inspectorVersion = requestedVersion(request);
    } catch (err) {
      if (!(err instanceof VersionError)) throw err;
      await reply.code(err.status).send({ error: { message: err.message } });
    }
  });
}

export function atLeast(request: FastifyRequest, minor: number): boolean {
  return cmp(request.inspectorVersion ?? MAX_VERSION, [1, minor]) >= 0;
}
