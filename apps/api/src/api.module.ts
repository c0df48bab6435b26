import { LATER_NODE_POLICY, DEFAULT_POLICY, INSPECTION_RULE_POLICY, RUNBOOK_POLICY, Policy, type Authenticator } from '@ferrum/auth';
import { DynamicModule, Module } from '@nestjs/common';
import type { Repositories } from '@ferrum/persistence';
import { ConductorRouter, FerrumClient, Transport } from '@ferrum/transport';
import type { Logger } from 'pino';
import type { ApiConfig } from './api.config';
import { ChassisModule } from './chassis/chassis.module';
import { Links } from './common/links';
import { ConductorsModule } from './conductors/conductors.module';
import { ShardsModule } from './shards/shards.module';
import { PortgroupsModule } from './portgroups/portgroups.module';
import { VolumeModule } from './volume/volume.module';
import { EventsModule } from './events/events.module';
import { EventStreamModule } from './event-stream/event-stream.module';
import { DeployTemplatesModule } from './deploy-templates/deploy-templates.module';
import { RunbooksModule } from './runbooks/runbooks.module';
import { InspectionRulesModule } from './inspection-rules/inspection-rules.module';
import { AllocationsModule } from './allocations/allocations.module';
import { DriversModule } from './drivers/drivers.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { NodesModule } from './nodes/nodes.module';
import { PassthruModule } from './passthru/passthru.module';
import { PortsModule } from './ports/ports.module';
import { RamdiskModule } from './ramdisk/ramdisk.module';
import { RootController } from './root/root.controller';
import { OpenApiModule } from './openapi/openapi.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { InspectionRunsModule } from './inspection-runs/inspection-runs.module';
import { RouteTable } from './common/route-table';
import { Authorizer } from './common/authorizer';
import { CONFIG, LOGGER, POLICY, REPOS, ROUTER } from './tokens';

export interface ApiDeps {
  config: ApiConfig;
  repos: Repositories;
  transport: Transport;
  logger: Logger;
  /** Who may call; built from the config's FERRUM_AUTH_STRATEGY when not given. */
  authenticator?: Authenticator;
  /** What callers may do; Ironic's defaults with FERRUM_POLICY_FILE's overrides when not given. */
  policy?: Policy;
}

/** Ironic 21.4's default rules and those of the resources Ferrum serves from later releases, with the file's overrides. */
function apiPolicy(file: string | undefined): Policy {
  const defaults = { ...DEFAULT_POLICY, ...LATER_NODE_POLICY, ...INSPECTION_RULE_POLICY, ...RUNBOOK_POLICY };
  return file ? Policy.fromFile(file, defaults) : new Policy({}, 'policy', defaults);
}

/** Root module of the REST gateway; what startApi was given is global to every area module. */
@Module({})
export class ApiModule {
  static forRoot(deps: ApiDeps, links: Links, routes = new RouteTable()): DynamicModule {
    const { config } = deps;
    // The API's side of the bus: every call to a conductor goes through this client (node calls via the router).
    const client = new FerrumClient(deps.transport, { inspectorPrefix: config.inspectorSubject, timeoutMs: config.rpcTimeoutMs });
    const router = new ConductorRouter(
      deps.repos.conductors,
      client,
      { heartbeatTimeoutS: config.heartbeatTimeoutS, ringCacheS: config.ringCacheS, rpcTimeoutMs: config.rpcTimeoutMs },
      deps.logger,
    );
    return {
      module: ApiModule,
      global: true,
      imports: [NodesModule, PortsModule, ChassisModule, ConductorsModule, ShardsModule, PortgroupsModule, VolumeModule, EventsModule, DeployTemplatesModule, RunbooksModule, InspectionRulesModule, AllocationsModule, DriversModule, PassthruModule, JobsModule, HealthModule, RamdiskModule, OpenApiModule, EventStreamModule, DashboardModule, InspectionRunsModule],
      controllers: [RootController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: REPOS, useValue: deps.repos },
        { provide: ROUTER, useValue: router },
        { provide: LOGGER, useValue: deps.logger },
        { provide: FerrumClient, useValue: client },
        { provide: Links, useValue: links },
        { provide: POLICY, useValue: deps.policy ?? apiPolicy(config.policyFile) },
        { provide: RouteTable, useValue: routes },
        Authorizer,
      ],
      exports: [CONFIG, REPOS, ROUTER, LOGGER, FerrumClient, Links, POLICY, RouteTable, Authorizer],
    };
  }
}
