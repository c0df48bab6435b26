import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@ferrum/logging';
import { Observability, instrumentFastify } from '@ferrum/observability';
import type { Repositories } from '@ferrum/persistence';
import type { Transport } from '@ferrum/transport';
import type { AddressInfo } from 'node:net';
import { registerVersionHooks } from './api/api-version';
import { InspectorExceptionFilter } from './api/inspector-exception.filter';
import { acceptJsonBodies, refuseNulInUrls } from './api/json-bodies';
import { ConductorGateway } from './conductor/conductor.gateway';
import type { InspectorConfig } from './inspector.config';
import type { InspectorCore } from './inspector-core';
import { CallbackModule, InspectorModule } from './inspector.module';
import { InspectorHandlers } from './introspection/inspector.handlers';
import { IntrospectionService } from './introspection/introspection.service';
import { NodeLocks } from './introspection/node-locks';
import { ProcessingService } from './processing/processing.service';
import { DnsmasqFilter } from './pxe/dnsmasq-filter';
import { DnsmasqProcess } from './pxe/dnsmasq-process';
import { NoopPxeFilter } from './pxe/pxe-filter';
import { PxeFilterService } from './pxe/pxe-filter.service';
import { RuleService } from './rules/rule.service';

export interface InspectorHandle {
  /** Base URL of the admin API, with the real port when 0 was asked for. */
  url: string;
  /** Base URL of the callback listener (the admin URL when there is no separate one). */
  callbackUrl: string;
  /** Runs one timeout sweep now (tests). */
  sweepTimeouts(): Promise<string[]>;
  /** Runs one PXE filter sync now (tests). */
  syncFilter(): Promise<void>;
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

async function listen(module: ReturnType<typeof InspectorModule.forRoot>, host: string, port: number, logger: Logger, observability?: Observability) {
  const adapter = new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 } });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: false, abortOnError: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  if (observability) instrumentFastify(fastify, observability.metrics, 'inspector');
  registerVersionHooks(fastify);
  acceptJsonBodies(fastify);
  refuseNulInUrls(fastify);
  app.useGlobalFilters(new InspectorExceptionFilter(logger));
  await app.listen(port, host);
  const { address, port: real, family } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://${family === 'IPv6' ? `[${address}]` : address}:${real}` };
}

/**
 * Starts the inspector: PXE filter (and managed dnsmasq), admin API, optional callback listener on the
 * provisioning network, the NATS edge for conductors and the timeout sweep.
 */
export async function startInspector(deps: StartInspectorDeps): Promise<InspectorHandle> {
  const { config, repos, transport } = deps;
  const logger = deps.logger.child({ component: 'inspector' });
  const observability = deps.observability ?? Observability.forProcess();
  const { metrics } = observability;
  const gateway = new ConductorGateway(repos, transport, { heartbeatTimeoutS: config.heartbeatTimeoutS, rpcTimeoutMs: config.rpcTimeoutMs }, logger);
  const refreshMetrics = () =>
    repos.introspections
      .countByState()
      .then((counts) => metrics.trackIntrospections(counts))
      .catch(() => undefined);
  const filter = new PxeFilterService(
    config.pxeFilter === 'dnsmasq' ? new DnsmasqFilter(config.pxeFilterHostsdir, config.pxeFilterPurgeHostsdir) : new NoopPxeFilter(),
    repos,
    gateway,
    {
      enabled: config.pxeFilter !== 'noop',
      syncPeriodS: config.pxeFilterSyncPeriodS,
      denyUnknownMacs: config.pxeFilterDenyUnknownMacs,
      discovery: config.inspectorDiscovery,
      observe: (seconds, outcome) => {
        if (outcome === 'ok') metrics.dnsmasqSync.observe(seconds);
      },
    },
    logger,
  );
  const locks = new NodeLocks();
  const introspection = new IntrospectionService(
    repos,
    gateway,
    filter,
    locks,
    {
      timeoutS: config.inspectorTimeoutS,
      introspectionDelayS: config.inspectorIntrospectionDelayS,
      discovery: config.inspectorDiscovery,
      permitActive: config.inspectorPermitActiveIntrospection,
    },
    logger,
  );
  const rules = new RuleService(repos);
  const processing = new ProcessingService(repos, gateway, introspection, rules, config, logger);
  const core: InspectorCore = {
    repos,
    introspection,
    processing,
    rules,
    storeData: config.inspectorStoreData === 'database',
    maxLimit: 1000,
    ipxe: { kernelUrl: config.ipxeKernelUrl, ramdiskUrl: config.ipxeRamdiskUrl, callbackUrl: '', extraArgs: config.ipxeKernelArgs },
  };

  await filter.start();
  const admin = await listen(InspectorModule.forRoot(core, observability), config.inspectorHost, config.inspectorPort, logger, observability);
  const callback = config.inspectorCallbackHost
    ? await listen(CallbackModule.forRoot(core), config.inspectorCallbackHost, config.inspectorCallbackPort, logger)
    : undefined;
  const callbackUrl = callback?.url ?? admin.url;
  core.ipxe.callbackUrl = config.inspectorCallbackUrl ?? callbackUrl;
  // dnsmasq starts after the first sync, so it never answers a MAC it should ignore.
  const dnsmasq = config.dnsmasqManaged
    ? new DnsmasqProcess(
        {
          command: config.dnsmasqCommand,
          interface: config.dnsmasqInterface,
          dhcpRange: config.dnsmasqDhcpRange,
          hostsdir: config.pxeFilterHostsdir,
          dataDir: config.dnsmasqDataDir,
          tftpRoot: config.dnsmasqTftpRoot,
          ipxeScriptUrl: `${core.ipxe.callbackUrl.replace(/\/+$/, '')}/boot.ipxe`,
        },
        logger,
      )
    : undefined;
  dnsmasq?.start();
  const handlers = new InspectorHandlers(transport, introspection, config.inspectorSubject);
  await handlers.subscribe();
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
    sweepTimeouts: () => introspection.sweepTimeouts(),
    syncFilter: () => filter.sync(),
    idle: () => introspection.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      clearInterval(metricsTimer);
      await handlers.unsubscribe();
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
