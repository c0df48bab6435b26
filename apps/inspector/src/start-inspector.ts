import type { DynamicModule } from '@nestjs/common';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ANONYMOUS_CREDENTIALS,
  AuthFailure,
  Authenticator,
  DEFAULT_POLICY,
  INSPECTOR_DEFAULT_POLICY,
  INSPECTOR_ROUTE_RULES,
  isInspectorRamdiskPath,
  Policy,
  authenticatorFromConfig,
  isPublicInspectorPath,
  registerAuditLog,
  registerAuthentication,
} from '@ferrum/auth';
import { Invalid } from '@ferrum/errors';
import type { FastifyReply } from 'fastify';
import { INSPECTION_REPORT_LIMIT, acceptJsonBodies, createFastifyApp, harden, largeBodies, listeningUrl, refuseNulInUrls, tlsSettingsOf, type TlsSettings } from '@ferrum/http';
import type { Logger } from '@ferrum/logging';
import { Observability, instrumentFastify } from '@ferrum/observability';
import type { Repositories } from '@ferrum/persistence';
import { ResourceEventsRelayed } from '@ferrum/contracts';
import { FerrumClient, FerrumServer, RpcErrorFilter, Transport } from '@ferrum/transport';
import { registerVersionHooks } from './api/api-version';
import { InspectorExceptionFilter } from './api/inspector-exception.filter';
import type { InspectorConfig } from './inspector.config';
import { INSPECTOR_CORE, InspectorCore } from './inspector-core';
import { CallbackModule, InspectorModule } from './inspector.module';
import { IntrospectionService } from './introspection/introspection.service';
import { movesPxeFilter, PxeFilterService } from './pxe/pxe-filter.service';
import { assertDnsmasqCanReadHostsdir, startManagedDnsmasq } from './pxe/start-pxe-filter';

export interface InspectorHandle {
  /** Base URL of the admin API, with the real port when 0 was asked for. */
  url: string;
  /** Base URL of the callback listener (the admin URL when there is no separate one). */
  callbackUrl: string;
  /** Runs one timeout sweep now (tests). */
  sweepTimeouts(): Promise<string[]>;
  /** Runs one PXE filter sync now (tests). */
  syncFilter(): Promise<void>;
  /** Every route of the admin API, as registered (`/v1/introspection/:node_id`): what the fuzz suite walks. */
  routes: { method: string; url: string }[];
  /** Resolves when no background introspection work is running (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartInspectorDeps {
  config: InspectorConfig;
  logger: Logger;
  repos: Repositories;
  transport: Transport;
  observability?: Observability;
}

/** An HTTP listener on the inspector's shared toolkit (ironic-inspector's version headers, JSON bodies, error format). */
async function listen(
  app: NestFastifyApplication,
  host: string,
  port: number,
  config: InspectorConfig,
  logger: Logger,
  authenticator: Authenticator,
  policy: Policy,
  observability?: Observability,
) {
  const fastify = app.getHttpAdapter().getInstance();
  harden(fastify, {
    isRamdiskPath: isInspectorRamdiskPath,
    limits: config,
    refuse: (reply, status, message) => reply.code(status).send({ error: { message } }),
  });
  largeBodies(fastify, [{ method: 'POST', url: '/v1/continue', limit: INSPECTION_REPORT_LIMIT }]);
  const routes: { method: string; url: string }[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
  });
  if (observability) instrumentFastify(fastify, observability.metrics, 'inspector');
  registerVersionHooks(fastify);
  // After the version hooks, as ironic-inspector checks credentials inside its API (its refusals carry the version headers).
  registerAuthentication(fastify, authenticator, isPublicInspectorPath, inspectorAnswer);
  registerAuditLog(fastify, logger, () => undefined);
  // ironic-inspector's policy, under every authentication strategy (ironic-inspector applies it under keystone only).
  fastify.addHook('preHandler', async (request, reply) => {
    const rule = INSPECTOR_ROUTE_RULES[`${request.method} ${request.routeOptions.url ?? ''}`];
    if (rule && !policy.allows(rule, request.credentials ?? ANONYMOUS_CREDENTIALS)) {
      return reply.code(403).send({ error: { message: 'Access denied by policy' } });
    }
  });
  acceptJsonBodies(fastify, {
    bodyLimit: config.maxBodyBytes,
    maxDepth: config.maxJsonDepth,
    notJson: (why) => new Invalid({ message: `Invalid data: not a JSON document: ${why}` }),
    invalid: (message) => new Invalid({ message }),
  });
  refuseNulInUrls(fastify, (message) => ({ error: { message } }));
  app.useGlobalFilters(new InspectorExceptionFilter(logger));
  await app.listen(port, host);
  app.getHttpServer().requestTimeout = config.httpRequestTimeoutS * 1000;
  app.getHttpServer().headersTimeout = config.httpHeadersTimeoutS * 1000;
  return { app, url: listeningUrl(app), routes };
}

/**
 * ironic-inspector's refusals: its own error document for 401 ("Authentication required", whatever was
 * wrong) and 503; a header it cannot parse is a bare 400 from its basic-auth middleware.
 */
function inspectorAnswer(failure: AuthFailure, reply: FastifyReply): FastifyReply {
  if (failure.status === 400) return reply.code(400).send('');
  return reply.code(failure.status).send({ error: { message: failure.status === 401 ? 'Authentication required' : failure.message } });
}

/** ironic-inspector's routes answer with or without a trailing slash. */
function httpApp(module: DynamicModule, tls?: TlsSettings): Promise<NestFastifyApplication> {
  return createFastifyApp(module, { routerOptions: { ignoreTrailingSlash: true } }, tls);
}

/**
 * Starts the inspector: PXE filter (and managed dnsmasq), admin API, optional callback listener on the
 * provisioning network, the NATS edge for conductors and the timeout sweep.
 */
export async function startInspector(deps: StartInspectorDeps): Promise<InspectorHandle> {
  const { config, repos, transport } = deps;
  const logger = deps.logger.child({ component: 'inspector' });
  const authenticator = authenticatorFromConfig(config, logger);
  // Ironic's rules too, so one policy file (whose rules may refer to Ironic's) serves the API and the inspector.
  const defaults = { ...DEFAULT_POLICY, ...INSPECTOR_DEFAULT_POLICY };
  const policy = config.policyFile ? Policy.fromFile(config.policyFile, defaults) : new Policy({}, 'policy', defaults);
  const observability = deps.observability ?? Observability.forProcess();
  const { metrics } = observability;
  const refreshMetrics = () =>
    repos.introspections
      .countByState()
      .then((counts) => metrics.trackIntrospections(counts))
      .catch(() => undefined);
  // The admin API is a hybrid app: HTTP for operators, the Ferrum bus for conductors.
  const tls = tlsSettingsOf(config, logger, 'inspector');
  const adminApp = await httpApp(InspectorModule.forRoot({ config, logger, repos, transport, observability }), tls);
  // Nest binds a hybrid app's handlers as soon as the microservice is connected, before any global filter can
  // be added; deferred, the filter is in place first, so domain errors cross the bus as themselves (not as
  // Nest's generic "Internal server error"). The rest is what connectMicroservice does when not deferred.
  const bus = adminApp.connectMicroservice<MicroserviceOptions>({ strategy: new FerrumServer(transport, { inspectorPrefix: config.inspectorSubject }) }, { deferInitialization: true }) as NestMicroservice;
  bus.useGlobalFilters(new RpcErrorFilter(logger, 'inspector'));
  bus.registerListeners();
  bus.setIsInitialized(true);
  bus.setIsInitHookCalled(true);
  const core = adminApp.get<InspectorCore>(INSPECTOR_CORE);
  const filter = adminApp.get(PxeFilterService);
  const introspection = adminApp.get(IntrospectionService);

  await filter.start();
  // Before anything listens: a start-up that fails here leaves nothing behind.
  await assertDnsmasqCanReadHostsdir(config);
  // Nodes going into and out of network-booting states move the filter at once (the period is the safety net).
  const following =
    config.pxeFilter === 'noop'
      ? undefined
      : await adminApp.get(FerrumClient).subscribe(ResourceEventsRelayed, ({ events }) => {
          if (events.some(movesPxeFilter)) void filter.sync().catch(() => undefined);
        });
  const admin = await listen(adminApp, config.inspectorHost, config.inspectorPort, config, logger, authenticator, policy, observability);
  const callback = config.inspectorCallbackHost
    ? await listen(await httpApp(CallbackModule.forRoot(core), tls), config.inspectorCallbackHost, config.inspectorCallbackPort, config, logger, authenticator, policy)
    : undefined;
  const callbackUrl = callback?.url ?? admin.url;
  core.ipxe.callbackUrl = config.inspectorCallbackUrl ?? callbackUrl;
  // After the filter's first sync (above), so dnsmasq never answers a MAC it should ignore.
  const dnsmasq = await startManagedDnsmasq(config, logger, core.ipxe.callbackUrl);
  await adminApp.startAllMicroservices();
  let sweeping: Promise<unknown> | undefined;
  const sweep = config.inspectorCleanUpPeriodS > 0
    ? setInterval(() => {
        if (sweeping) return;
        sweeping = introspection
          .sweepTimeouts()
          .catch((err) => logger.error({ err }, 'timeout sweep failed'))
          .finally(() => (sweeping = undefined));
      }, config.inspectorCleanUpPeriodS * 1000)
    : undefined;
  sweep?.unref();
  await refreshMetrics();
  // The gauge of introspections by state is refreshed on the sweep's beat, not per request.
  const metricsTimer = setInterval(() => void refreshMetrics(), 15_000);
  metricsTimer.unref();
  logger.info({ url: admin.url, callbackUrl, pxeFilter: config.pxeFilter, dnsmasq: dnsmasq ? 'managed' : 'external' }, 'inspector listening');
  let closed = false;
  return {
    url: admin.url,
    callbackUrl,
    routes: admin.routes,
    sweepTimeouts: () => introspection.sweepTimeouts(),
    syncFilter: () => filter.sync(),
    idle: () => introspection.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      clearInterval(metricsTimer);
      await following?.unsubscribe().catch(() => undefined);
      await bus.close();
      await admin.app.close();
      await callback?.app.close();
      await sweeping;
      await introspection.idle();
      await filter.stop();
      await dnsmasq?.stop();
      logger.info('inspector stopped');
    },
  };
}
