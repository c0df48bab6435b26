import { DynamicModule, Module } from '@nestjs/common';
import type { DriverRegistry } from '@ferrum/drivers';
import type { FerrumMetrics } from '@ferrum/observability';
import type { Repositories } from '@ferrum/persistence';
import { FerrumClient, Transport } from '@ferrum/transport';
import type { Logger } from 'pino';
import type { ConductorConfig } from './conductor.config';
import { TaskManager } from './locks/task-manager';
import { WorkerPool } from './locks/worker-pool';
import { NodeService } from './nodes/node.service';
import { NodeTraitsController } from './nodes/node-traits.controller';
import { PortgroupController } from './portgroups/portgroup.controller';
import { PortgroupService } from './portgroups/portgroup.service';
import { VolumeController } from './volume/volume.controller';
import { VolumeService } from './volume/volume.service';
import { VifController } from './vifs/vif.controller';
import { AllocationController } from './allocations/allocation.controller';
import { AllocationService } from './allocations/allocation.service';
import { VifService } from './vifs/vif.service';
import { NodeTraitsService } from './nodes/node-traits.service';
import { PortService } from './ports/port.service';
import { ManagementService } from './management/management.service';
import { BootModeService } from './management/boot-mode.service';
import { VirtualMediaService } from './management/virtual-media.service';
import { ConsoleService } from './console/console.service';
import { ConsoleController } from './console/console.controller';
import { PowerService } from './power/power.service';
import { ProvisionService } from './provision/provision.service';
import { CallbackTimeoutsTask } from './periodic/callback-timeouts.task';
import { PeriodicService } from './periodic/periodic.service';
import { EventRelay } from './events/event-relay';
import { PowerSyncTask } from './periodic/power-sync.task';
import { RegistrationService } from './registration/registration.service';
import { TakeoverService } from './registration/takeover.service';
import { VendorService } from './passthru/vendor.service';
import { AgentCallbacks } from './agent/agent-callbacks';
import { AgentHeartbeatService } from './agent/agent-heartbeat.service';
import { AgentLookupService } from './agent/agent-lookup.service';
import { InspectionService } from './inspection/inspection.service';
import { InspectionSaver } from './inspection/inspection-saver';
import { InspectionStatusTask } from './inspection/inspection-status.task';
import { CONFIG, DRIVERS, INCARNATION, LOGGER, METRICS, REPOS, TRANSPORT } from './tokens';
import type { Incarnation } from './registration/registration.service';
import { NodeController } from './nodes/node.controller';
import { PortController } from './ports/port.controller';
import { PowerController } from './power/power.controller';
import { ProvisionController } from './provision/provision.controller';
import { ManagementController } from './management/management.controller';
import { PassthruController } from './passthru/passthru.controller';
import { DriverInfoController } from './drivers/driver-info.controller';
import { AgentController } from './agent/agent.controller';
import { InspectionController } from './inspection/inspection.controller';
import { PingController } from './registration/ping.controller';
import { RaidController } from './raid/raid.controller';

export interface ConductorDeps {
  config: ConductorConfig;
  /** This conductor's side of the bus, for the calls it makes (pings to peers, the inspector). */
  client: FerrumClient;
  repos: Repositories;
  transport: Transport;
  logger: Logger;
  drivers: DriverRegistry;
  metrics: FerrumMetrics;
}

@Module({})
export class ConductorModule {
  static forRoot(deps: ConductorDeps): DynamicModule {
    const incarnation: Incarnation = {};
    return {
      module: ConductorModule,
      // The conductor's calls, by area; each @Handles(call) method is subscribed by the Ferrum transport strategy.
      controllers: [
        NodeController,
        NodeTraitsController,
        PortController,
        PortgroupController,
        VolumeController,
        VifController,
        AllocationController,
        PowerController,
        ProvisionController,
        ManagementController,
        ConsoleController,
        PassthruController,
        DriverInfoController,
        AgentController,
        InspectionController,
        PingController,
        RaidController,
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: REPOS, useValue: deps.repos },
        { provide: TRANSPORT, useValue: deps.transport },
        { provide: FerrumClient, useValue: deps.client },
        { provide: LOGGER, useValue: deps.logger },
        { provide: DRIVERS, useValue: deps.drivers },
        { provide: METRICS, useValue: deps.metrics },
        { provide: INCARNATION, useValue: incarnation },
        {
          provide: WorkerPool,
          useFactory: () =>
            new WorkerPool(deps.config.workersPoolSize, deps.logger, () => deps.metrics.workersRefused.inc({ conductor: deps.config.hostname })),
        },
        {
          provide: TaskManager,
          useFactory: () =>
            new TaskManager(
              deps.repos,
              {
                hostname: deps.config.hostname,
                retryAttempts: deps.config.lockRetryAttempts,
                retryIntervalMs: deps.config.lockRetryIntervalMs,
                epoch: () => incarnation.epoch,
              },
              deps.logger,
              (seconds, outcome) => {
                const conductor = deps.config.hostname;
                deps.metrics.lockWait.observe({ conductor, outcome }, seconds);
                if (outcome === 'NodeLocked') deps.metrics.nodeLocked.inc({ conductor });
              },
              deps.drivers,
              { enabled: !!deps.config.agentFastTrack, timeoutS: deps.config.agentFastTrackTimeoutS ?? 300 },
              {
                apiUrl: (deps.config.ramdiskApiUrl ?? deps.config.publicUrl ?? `http://${deps.config.apiHost ?? '127.0.0.1'}:${deps.config.apiPort ?? 6385}`).replace(/\/+$/, ''),
                kernelAppendParams: deps.config.pxeKernelAppendParams,
              },
            ),
        },
        NodeService,
        NodeTraitsService,
        PortService,
        PortgroupService,
        VolumeService,
        VifService,
        AllocationService,
        PowerService,
        ProvisionService,
        ManagementService,
        BootModeService,
        VirtualMediaService,
        ConsoleService,
        VendorService,
        AgentLookupService,
        AgentHeartbeatService,
        AgentCallbacks,
        RegistrationService,
        TakeoverService,
        PowerSyncTask,
        CallbackTimeoutsTask,
        InspectionService,
        InspectionSaver,
        InspectionStatusTask,
        PeriodicService,
        EventRelay,
      ],
    };
  }
}
