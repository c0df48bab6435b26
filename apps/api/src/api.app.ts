import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiDeps, ApiModule } from './api.module';
import { acceptJsonBodies } from './common/body-parser';
import { IronicExceptionFilter } from './common/ironic-exception.filter';
import { Links } from './common/links';
import { registerRequestHooks, rewriteIncoming } from './common/microversion.hook';
import { RouteTable } from './common/route-table';

// Config drives are base64 images of up to 64 MiB in Ironic.
const BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Builds the initialised (not listening) application. Tests drive it with Fastify's inject;
 * startApi listens on top of it.
 */
export async function createApiApp(deps: ApiDeps, links: Links): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, rewriteUrl: rewriteIncoming });
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
  acceptJsonBodies(fastify);
  app.useGlobalFilters(new IronicExceptionFilter(deps.logger, routes));
  await app.init();
  await fastify.ready();
  return app;
}
