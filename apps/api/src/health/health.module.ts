import { Module } from '@nestjs/common';
import { HealthController, OBSERVABILITY, Observability } from '@ferrum/observability';
import { HttpMetricsHook } from './http-metrics.hook';

/** /healthz, /readyz, /metrics and the HTTP request metrics, on the process-wide Observability. */
@Module({
  controllers: [HealthController],
  providers: [{ provide: OBSERVABILITY, useFactory: () => Observability.forProcess() }, HttpMetricsHook],
})
export class HealthModule {}
