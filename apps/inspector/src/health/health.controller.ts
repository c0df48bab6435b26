import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { HealthPath, Observability } from '@ferrum/observability';
import type { FastifyReply } from 'fastify';
import { OBSERVABILITY } from './observability.token';

/**
 * Liveness (the HTTP server is up), readiness (the process's checks: database, NATS, migrations) and
 * the Prometheus scrape, for the kubelet, load balancers and the launcher.
 */
@Controller()
export class HealthController {
  constructor(@Inject(OBSERVABILITY) private readonly observability: Observability) {}

  @Get('healthz')
  healthz(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/healthz');
  }

  @Get('readyz')
  readyz(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/readyz');
  }

  @Get('metrics')
  metrics(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/metrics');
  }

  private async send(reply: FastifyReply, path: HealthPath): Promise<void> {
    const answer = await this.observability.answer(path);
    await reply.code(answer.status).header('content-type', answer.contentType).send(answer.body);
  }
}
