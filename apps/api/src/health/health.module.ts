import { Module } from '@nestjs/common';
import { Observability } from '@ferrum/observability';
import { HealthController } from './health.controller';
import { HttpMetricsHook } from './http-metrics.hook';
import { OBSERVABILITY } from './observability.token';

/** /healthz, /readyz, /metrics and the HTTP request metrics, on the process-wide Observability. */
@Module({
  controllers: [HealthController],
  providers: [{ provide: OBSERVABILITY, useFactory: () => Observability.forProcess() }, HttpMetricsHook],
})
export class HealthModule {}
