import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@ferrum/logging';
import { HealthController, OBSERVABILITY, Observability } from '@ferrum/observability';
import type { Repositories } from '@ferrum/persistence';
import { FerrumClient, Transport } from '@ferrum/transport';
import { ContinueController } from './api/continue.controller';
import { IntrospectionController } from './api/introspection.controller';
import { RootController } from './api/root.controller';
import { RulesController } from './api/rules.controller';
import { ConductorGateway } from './conductor/conductor.gateway';
import type { InspectorConfig } from './inspector.config';
import { INSPECTOR_CORE, InspectorCore } from './inspector-core';
import { InspectionRulesRpcController } from './inspection-rules/inspection-rules.rpc-controller';
import { InspectionRulesService } from './inspection-rules/inspection-rules.service';
import { IntrospectionRpcController } from './introspection/introspection.rpc-controller';
import { IntrospectionService } from './introspection/introspection.service';
import { NodeLocks } from './introspection/node-locks';
import { AgentProcessing } from './processing/agent-processing';
import { InspectionRules } from './processing/rule-source';
import { ContinueInspectionRpcController } from './processing/continue-inspection.rpc-controller';
import { ProcessingService } from './processing/processing.service';
import { PxeFilterService } from './pxe/pxe-filter.service';
import { createPxeFilterService } from './pxe/start-pxe-filter';
import { RuleService } from './rules/rule.service';

export interface InspectorDeps {
  config: InspectorConfig;
  logger: Logger;
  repos: Repositories;
  transport: Transport;
  observability: Observability;
}

/**
 * Root module of the inspector: its services, the admin API (introspection, rules, data), the ramdisk
 * callback, health, and its calls on the bus (introspection, the ramdisk callback the API forwards, and the
 * inspection rules of `/v1/inspection_rules`).
 */
@Module({})
export class InspectorModule {
  static forRoot({ config, logger, repos, transport, observability }: InspectorDeps): DynamicModule {
    return {
      module: InspectorModule,
      controllers: [HealthController, RootController, IntrospectionController, RulesController, ContinueController, IntrospectionRpcController, ContinueInspectionRpcController, InspectionRulesRpcController],
      providers: [
        { provide: OBSERVABILITY, useValue: observability },
        { provide: FerrumClient, useFactory: () => new FerrumClient(transport, { inspectorPrefix: config.inspectorSubject, timeoutMs: config.rpcTimeoutMs }) },
        {
          provide: ConductorGateway,
          inject: [FerrumClient],
          useFactory: (client: FerrumClient) => new ConductorGateway(repos, client, { heartbeatTimeoutS: config.heartbeatTimeoutS, rpcTimeoutMs: config.rpcTimeoutMs }, logger),
        },
        { provide: PxeFilterService, useFactory: () => createPxeFilterService(config, repos, logger, observability) },
        { provide: NodeLocks, useFactory: () => new NodeLocks() },
        {
          provide: IntrospectionService,
          inject: [ConductorGateway, PxeFilterService, NodeLocks],
          useFactory: (gateway: ConductorGateway, filter: PxeFilterService, locks: NodeLocks) =>
            new IntrospectionService(
              repos,
              gateway,
              filter,
              locks,
              {
                timeoutS: config.inspectorTimeoutS,
                introspectionDelayS: config.inspectorIntrospectionDelayS,
                discovery: config.inspectorDiscovery || config.autoDiscoveryEnabled,
                permitActive: config.inspectorPermitActiveIntrospection,
              },
              logger,
            ),
        },
        { provide: RuleService, useFactory: () => new RuleService(repos) },
        { provide: InspectionRulesService, useFactory: () => new InspectionRulesService(repos) },
        {
          provide: AgentProcessing,
          inject: [ConductorGateway, IntrospectionService],
          useFactory: (gateway: ConductorGateway, introspection: IntrospectionService) =>
            new AgentProcessing(repos, gateway, introspection, new InspectionRules(repos, config.inspectionBuiltInRules), config, logger),
        },
        {
          provide: ProcessingService,
          inject: [ConductorGateway, IntrospectionService, RuleService, AgentProcessing],
          useFactory: (gateway: ConductorGateway, introspection: IntrospectionService, rules: RuleService, agent: AgentProcessing) =>
            new ProcessingService(repos, gateway, introspection, rules, config, logger, agent),
        },
        {
          provide: INSPECTOR_CORE,
          inject: [IntrospectionService, ProcessingService, RuleService],
          useFactory: (introspection: IntrospectionService, processing: ProcessingService, rules: RuleService): InspectorCore => ({
            repos,
            introspection,
            processing,
            rules,
            storeData: config.inspectorStoreData === 'database',
            maxLimit: 1000,
            // The callback URL is known once the listeners are up (start-inspector fills it in).
            ipxe: { kernelUrl: config.ipxeKernelUrl, ramdiskUrl: config.ipxeRamdiskUrl, callbackUrl: '', extraArgs: config.ipxeKernelArgs },
          }),
        },
      ],
    };
  }
}

/** The provisioning-network listener: only what a booting machine needs (callback, iPXE script, versions), on the admin app's services. */
@Module({})
export class CallbackModule {
  static forRoot(core: InspectorCore): DynamicModule {
    return { module: CallbackModule, controllers: [RootController, ContinueController], providers: [{ provide: INSPECTOR_CORE, useValue: core }] };
  }
}
