import { Module } from '@nestjs/common';
import { Observability } from '@ferrum/observability';
import { HealthController } from './health/health.controller';
import { OBSERVABILITY } from './health/observability.token';

/** Root module of the inspector. The PXE filter, ramdisk callback and inventory areas join it as they land. */
@Module({
  controllers: [HealthController],
  providers: [{ provide: OBSERVABILITY, useFactory: () => Observability.forProcess() }],
})
export class InspectorModule {}
