import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, OBSERVABILITY, Observability } from '@ferrum/observability';
import { ContinueController } from './api/continue.controller';
import { IntrospectionController } from './api/introspection.controller';
import { RootController } from './api/root.controller';
import { RulesController } from './api/rules.controller';
import { INSPECTOR_CORE, InspectorCore } from './inspector-core';

/** Root module of the inspector: the admin API (introspection, rules, data), the ramdisk callback and health. */
@Module({})
export class InspectorModule {
  static forRoot(core: InspectorCore, observability: Observability): DynamicModule {
    return {
      module: InspectorModule,
      controllers: [HealthController, RootController, IntrospectionController, RulesController, ContinueController],
      providers: [
        { provide: OBSERVABILITY, useValue: observability },
        { provide: INSPECTOR_CORE, useValue: core },
      ],
    };
  }
}

/** The provisioning-network listener: only what a booting machine needs (callback, iPXE script, versions). */
@Module({})
export class CallbackModule {
  static forRoot(core: InspectorCore): DynamicModule {
    return { module: CallbackModule, controllers: [RootController, ContinueController], providers: [{ provide: INSPECTOR_CORE, useValue: core }] };
  }
}
