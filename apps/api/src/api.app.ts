import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiDeps, ApiModule } from './api.module';
import { acceptJsonBodies } from './common/body-parser';
import { IronicExceptionFilter } from './common/ironic-exception.filter';
import { Links } from './common/links';
import { registerRequestHooks, rewriteIncoming } from './common/microversion.hook';
import { frameworkBody } from './common/error-body';
import { RouteTable } from './common/route-table';
import { registerNodeIdentCheck } from './nodes/node-ident.hook';
import { registerNulCheck } from './common/nul-in-url.hook';

// Config drives are base64 images of up to 64 MiB in Ironic.
const BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Builds the initialised (not listening) application. Tests drive it with Fastify's inject;
 * startApi listens on top of it.
 */
export async function createApiApp(deps: ApiDeps, links: Links): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Node names may be 255 characters long, and find-my-way's default is 100 (under routerOptions: Fastify 5 warns about the top-level key).
    routerOptions: { maxParamLength: 1024 },
    rewriteUrl: rewriteIncoming,
    // A URL Fastify cannot decode never reaches Nest or our hooks: answer it in Ironic's shape here.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .code(400)
        .header('Openstack-Request-Id', `req-${randomUUID()}`)
        .send(frameworkBody(400, error.message));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(deps, links), adapter, {
    logger: false,
    bodyParser: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.add(method, route.url);
  });
  registerRequestHooks(fastify, deps.logger);
  registerNodeIdentCheck(fastify);
  registerNulCheck(fastify);
  acceptJsonBodies(fastify);
  app.useGlobalFilters(new IronicExceptionFilter(deps.logger, routes));
  await app.init();
  await fastify.ready();
  return app;
}
