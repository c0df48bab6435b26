import { Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';

/** Root module of the inspector. The PXE filter, ramdisk callback and inventory areas join it as they land. */
@Module({ controllers: [HealthController] })
export class InspectorModule {}
