import { NestFactory } from '@nestjs/core';
import { interfaceSettings } from '@ferrum/config';
import { DriverPlugin, DriverRegistry, loadDriverPlugins } from '@ferrum/drivers';
import type { Repositories } from '@ferrum/persistence';
import type { Transport } from '@ferrum/transport';
import { hostname as machineHostname } from 'node:os';
import type { Logger } from 'pino';
import type { ConductorConfig } from './conductor.config';
import { ConductorModule } from './conductor.module';
import { WorkerPool } from './locks/worker-pool';
import { PeriodicService } from './periodic/periodic.service';
import type { PowerSyncReport } from './periodic/power-sync.task';
import { RegistrationService } from './registration/registration.service';
import { RpcHandlers } from './rpc/rpc.handlers';

export interface ConductorHandle {
  hostname: string;
  /** Runs one dead-conductor sweep now (tests, and operators through a future admin call). */
  sweep(): Promise<string[]>;
  /** Runs one pass of a periodic task now, whatever its interval (tests and benchmarks). */
  runPeriodic(name: 'power-sync'): Promise<PowerSyncReport>;
  runPeriodic(name: 'callback-timeouts'): Promise<string[]>;
  close(): Promise<void>;
}

export interface StartConductorDeps {
  config: Omit<ConductorConfig, 'hostname'> & { hostname?: string };
  repos: Repositories;
  transport: Transport;
  logger: Logger;
  /** Plugins given as objects (tests); FERRUM_DRIVER_PLUGINS packages are loaded by name here. */
  driverPlugins?: DriverPlugin[];
}

/** Starts a conductor: answer RPCs first, then become visible to the API by registering. */
export async function startConductor(deps: StartConductorDeps): Promise<ConductorHandle> {
  const hostname = deps.config.hostname ?? machineHostname();
  const config: ConductorConfig = { ...deps.config, hostname };
  const logger = deps.logger.child({ conductor: hostname });
  const drivers = new DriverRegistry({
    enabledHardwareTypes: config.enabledHardwareTypes,
    ...interfaceSettings(config),
    fakeDelayMs: config.fakePowerDelayMs,
    fakeVendorDelayMs: config.fakeVendorDelayMs,
    plugins: [...loadDriverPlugins(config.driverPlugins), ...(deps.driverPlugins ?? [])],
  });
  const app = await NestFactory.createApplicationContext(
    ConductorModule.forRoot({ config, repos: deps.repos, transport: deps.transport, logger, drivers }),
    { logger: false, abortOnError: false },
  );
  const handlers = app.get(RpcHandlers);
  const registration = app.get(RegistrationService);
  const pool = app.get(WorkerPool);
  const periodic = app.get(PeriodicService);
  await handlers.subscribe();
  await registration.start();
  periodic.start();
  let closed = false;
  return {
    hostname,
    sweep: () => registration.sweepDeadConductors(),
    runPeriodic: ((name: 'power-sync' | 'callback-timeouts') =>
      name === 'power-sync' ? periodic.powerSync.run() : periodic.callbackTimeouts.run()) as ConductorHandle['runPeriodic'],
    close: async () => {
      if (closed) return;
      closed = true;
      periodic.stop();
      await handlers.unsubscribe();
      await pool.drain(30_000);
      await registration.stop();
      await app.close();
      logger.info('conductor stopped');
    },
  };
}
