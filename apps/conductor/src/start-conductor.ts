import { NestFactory } from '@nestjs/core';
import { interfaceSettings, raidStepPriorities } from '@ferrum/config';
import { PingConductor } from '@ferrum/contracts';
import { DriverPlugin, DriverRegistry, loadDriverPlugins } from '@ferrum/drivers';
import { HealthServerHandle, Observability, startHealthServer, withTimeout } from '@ferrum/observability';
import type { Repositories } from '@ferrum/persistence';
import { FerrumClient, FerrumServer, RpcErrorFilter, Transport } from '@ferrum/transport';
import { hostname as machineHostname } from 'node:os';
import type { Logger } from 'pino';
import { bmcSettings } from './bmc-settings';
import type { ConductorConfig } from './conductor.config';
import { ConductorModule } from './conductor.module';
import { ConsoleService } from './console/console.service';
import { WorkerPool } from './locks/worker-pool';
import { PeriodicService } from './periodic/periodic.service';
import type { PowerSyncReport } from './periodic/power-sync.task';
import { assertHostnameFree } from './registration/hostname-guard';
import { RegistrationService } from './registration/registration.service';
import { TransportInspectorPort } from './inspection/transport-inspector.port';

export interface ConductorHandle {
  hostname: string;
  /** Where /healthz, /readyz and /metrics answer, when FERRUM_CONDUCTOR_HEALTH_PORT is set. */
  healthUrl?: string;
  /** Runs one dead-conductor sweep now (tests, and operators through a future admin call). */
  sweep(): Promise<string[]>;
  /** Runs one pass of a periodic task now, whatever its interval (tests and benchmarks). */
  runPeriodic(name: 'power-sync'): Promise<PowerSyncReport>;
  runPeriodic(name: 'callback-timeouts'): Promise<string[]>;
  runPeriodic(name: 'inspection-status'): Promise<string[]>;
  close(): Promise<void>;
}

export interface StartConductorDeps {
  config: Omit<ConductorConfig, 'hostname'> & { hostname?: string };
  repos: Repositories;
  transport: Transport;
  logger: Logger;
  /** Plugins given as objects (tests); FERRUM_DRIVER_PLUGINS packages are loaded by name here. */
  driverPlugins?: DriverPlugin[];
  /** Metrics and readiness checks; the process-wide ones unless a test gives its own. */
  observability?: Observability;
}

/** Starts a conductor: answer RPCs first, then become visible to the API by registering. */
export async function startConductor(deps: StartConductorDeps): Promise<ConductorHandle> {
  const hostname = deps.config.hostname ?? machineHostname();
  const config: ConductorConfig = { ...deps.config, hostname };
  const logger = deps.logger.child({ conductor: hostname });
  const client = new FerrumClient(deps.transport, { inspectorPrefix: config.inspectorSubject, timeoutMs: config.rpcTimeoutMs });
  await assertHostnameFree(hostname, { repos: deps.repos, client, heartbeatTimeoutS: config.heartbeatTimeoutS, logger });
  deps.repos.history.maxEntries = config.nodeHistoryMaxEntries;
  const drivers = new DriverRegistry({
    enabledHardwareTypes: config.enabledHardwareTypes,
    ...interfaceSettings(config),
    fakeDelayMs: config.fakePowerDelayMs,
    fakeVendorDelayMs: config.fakeVendorDelayMs,
    plugins: [...loadDriverPlugins(config.driverPlugins), ...(deps.driverPlugins ?? [])],
    inspector: config.inspectorEnabled ? new TransportInspectorPort(client) : undefined,
    bmc: { settings: bmcSettings(config) },
    cleanStepPriorities: raidStepPriorities(config),
  });
  const observability = deps.observability ?? Observability.forProcess();
  const server = new FerrumServer(deps.transport, { hostname, hardwareTypes: drivers.hardwareTypes, inspectorPrefix: config.inspectorSubject });
  const app = await NestFactory.createMicroservice(
    ConductorModule.forRoot({ config, client, repos: deps.repos, transport: deps.transport, logger, drivers, metrics: observability.metrics }),
    { strategy: server, logger: false, abortOnError: false },
  );
  app.useGlobalFilters(new RpcErrorFilter(logger, 'conductor'));
  const registration = app.get(RegistrationService);
  const pool = app.get(WorkerPool);
  const periodic = app.get(PeriodicService);
  let draining = false;
  const untrackPool = observability.metrics.trackWorkerPool(hostname, pool);
  const removeCheck = observability.health.register(`conductor ${hostname}`, async () =>
    draining ? { ok: false, detail: 'draining' } : registration.heartbeatStatus(),
  );
  // Up before registering, so that probes answer (not ready yet) while the conductor starts.
  let health: HealthServerHandle | undefined;
  try {
    if (config.healthPort > 0) health = await startHealthServer(observability, { host: config.healthHost, port: config.healthPort, logger });
    await app.listen();
    await registration.start();
  } catch (err) {
    untrackPool();
    removeCheck();
    await server.stopListening();
    await health?.close();
    await app.close();
    throw err;
  }
  periodic.start();
  // Ironic's _start_consoles, in the background: the conductor answers while consoles come back.
  const consolesRestored = app
    .get(ConsoleService)
    .restoreConsoles()
    .catch((err) => logger.error({ err }, 'could not restore the consoles of enabled nodes'));
  let closed = false;
  return {
    hostname,
    healthUrl: health?.url,
    sweep: () => registration.sweepDeadConductors(),
    runPeriodic: ((name: 'power-sync' | 'callback-timeouts' | 'inspection-status') =>
      name === 'power-sync' ? periodic.powerSync.run() : name === 'inspection-status' ? periodic.inspectionStatus.run() : periodic.callbackTimeouts.run()) as ConductorHandle['runPeriodic'],
    /**
     * The drain (SIGTERM, a rolling upgrade): stop taking requests so the API re-routes to peers, finish
     * what was accepted (calls being answered, a periodic pass, background jobs), then deregister. What
     * is still running after FERRUM_CONDUCTOR_DRAIN_TIMEOUT_S stays locked by a conductor marked offline,
     * and a peer's sweep takes it over as after a crash.
     */
    close: async () => {
      if (closed) return;
      closed = true;
      draining = true;
      const deadline = performance.now() + config.drainTimeoutS * 1000;
      const left = () => Math.max(0, deadline - performance.now());
      logger.info({ running: pool.active }, 'draining');
      periodic.stop();
      // Pings are still answered: callers waiting on this conductor's calls know it is alive, not gone.
      await server.stopListening((call) => call === PingConductor);
      await withTimeout(Promise.all([server.idle(), periodic.idle(), consolesRestored]), left(), 'drain').catch(() => undefined);
      if (!(await pool.drain(left()))) logger.warn({ running: pool.active }, 'drain timed out; peers will take over the nodes still locked');
      await registration.stop();
      untrackPool();
      removeCheck();
      await health?.close();
      await app.close();
      await drivers.close();
      logger.info('conductor stopped');
    },
  };
}
