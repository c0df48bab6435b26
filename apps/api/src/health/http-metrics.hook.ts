import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OBSERVABILITY, Observability, instrumentFastify } from '@ferrum/observability';
import type { FastifyInstance } from 'fastify';

/**
 * Adds the request counter and latency hook to the API's Fastify instance. It runs during
 * `app.init()`, before Fastify is ready, so the hook applies to every route, the ones already declared included.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(OBSERVABILITY) private readonly observability: Observability,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    instrumentFastify(fastify, this.observability.metrics, 'api');
  }
}
