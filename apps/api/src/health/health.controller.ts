import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { HealthPath, Observability } from '@ferrum/observability';
import type { FastifyReply } from 'fastify';
import { OBSERVABILITY } from './observability.token';

/**
 * Kubernetes probes and the Prometheus scrape, outside /v1: no microversion, no Ironic error body.
 * In `--role all` they cover every role of the process (the checks are the process's).
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
