import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { authenticatorFromConfig, isApiRamdiskPath, isPublicApiPath, registerAuditLog, registerAuthentication } from '@ferrum/auth';
import { Microversion, apiMaximum } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { INSPECTION_REPORT_LIMIT, type JsonBodyOptions, acceptGetBodies, acceptJsonBodies, createFastifyApp, harden, largeBodies, refuseNulInUrls, tlsSettingsOf } from '@ferrum/http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ApiDeps, ApiModule } from './api.module';
import { IronicExceptionFilter } from './common/ironic-exception.filter';
import { Links } from './common/links';
import { registerRequestHooks, rewriteIncoming } from './common/microversion.hook';
import { faultBody, frameworkBody } from './common/error-body';
import { RouteTable } from './common/route-table';
import { registerNodeIdentCheck } from './nodes/node-ident.hook';
import { PASSTHRU_CALL_URLS } from './passthru/passthru-routes';

// Config drives are base64 images of up to 64 MiB in Ironic: the one route with a large body.
const CONFIG_DRIVE_LIMIT = 64 * 1024 * 1024;

/**
 * Builds the initialised (not listening) application. Tests drive it with Fastify's inject;
 * startApi listens on top of it.
 */
export async function createApiApp(deps: ApiDeps, links: Links): Promise<NestFastifyApplication> {
  const { config } = deps;
  const maximum = apiMaximum(config.pinReleaseVersion);
  // Filled by the onRoute hook below as Nest registers its routes; the API reference (openapi/) reads it too.
  const routes = new RouteTable();
  const app = await createFastifyApp(ApiModule.forRoot(deps, links, routes), {
    bodyLimit: config.maxBodyBytes,
    requestTimeout: config.httpRequestTimeoutS * 1000,
    rewriteUrl: rewriteIncoming(maximum),
    // A URL Fastify cannot decode never reaches Nest or our hooks: answer it in Ironic's shape here.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const id = `req-${randomUUID()}`;
      if (maximum >= Microversion.X_OPENSTACK_REQUEST_ID) void reply.header('X-Openstack-Request-Id', id);
      void reply.code(400).header('Openstack-Request-Id', id).send(frameworkBody(400, error.message));
    },
  }, tlsSettingsOf(config, deps.logger, 'API'));
  const fastify = app.getHttpAdapter().getInstance();
  app.getHttpServer().headersTimeout = config.httpHeadersTimeoutS * 1000;
  // First of all: a client over its rate, or a cross-site write, costs nothing more.
  harden(fastify, {
    isRamdiskPath: isApiRamdiskPath,
    limits: config,
    refuse: (reply, status, message) => reply.code(status).send(faultBody(status, message)),
  });
  largeBodies(fastify, [
    { method: 'PUT', url: '/v1/nodes/:ident/states/provision', limit: CONFIG_DRIVE_LIMIT },
    { method: 'POST', url: '/v1/continue_inspection', limit: INSPECTION_REPORT_LIMIT },
  ]);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.add(method, route.url);
  });
  // Before the request hooks: a refused request never gets a request id or version headers, as in Ironic.
  registerAuthentication(fastify, deps.authenticator ?? authenticatorFromConfig(deps.config, deps.logger), isPublicApiPath);
  registerRequestHooks(fastify, deps.logger, maximum);
  registerAuditLog(fastify, deps.logger, (request) => (request as FastifyRequest).ironic?.requestId);
  registerNodeIdentCheck(fastify);
  refuseNulInUrls(fastify, (message) => faultBody(400, message));
  const jsonBodies: JsonBodyOptions = {
    bodyLimit: config.maxBodyBytes,
    maxDepth: config.maxJsonDepth,
    notJson: (why) => new InvalidParameterValue({ message: `The request body is not valid JSON: ${why}` }),
    invalid: (message) => new InvalidParameterValue({ message }),
  };
  acceptJsonBodies(fastify, jsonBodies);
  // Ironic hands a vendor passthru method its JSON body on GET too (the CLI's `--http-method GET` sends one).
  acceptGetBodies(fastify, PASSTHRU_CALL_URLS, jsonBodies);
  app.useGlobalFilters(new IronicExceptionFilter(deps.logger, routes));
  await app.init();
  await fastify.ready();
  ROUTES.set(app, routes);
  return app;
}

const ROUTES = new WeakMap<NestFastifyApplication, RouteTable>();

/** The routes an API app serves (tests walk them). */
export function routesOf(app: NestFastifyApplication): { method: string; url: string }[] {
  return ROUTES.get(app)?.list() ?? [];
}
