import { Module } from '@nestjs/common';
import { InspectionRunController } from './inspection-run.controller';

/** The inspector's runs, for the dashboard (GET /v1/ferrum/inspections). */
@Module({ controllers: [InspectionRunController] })
export class InspectionRunsModule {}
