import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { HealthPath, Observability } from './observability';

/** The Observability (metrics and readiness checks) the health endpoints serve; each app provides it. */
export const OBSERVABILITY = Symbol('Observability');

/**
 * Kubernetes probes and the Prometheus scrape, outside any versioned API: no microversion, no Ironic
 * error body. Liveness is the HTTP server answering; readiness is the process's checks (database, NATS,
 * migrations), so in `--role all` they cover every role of the process. Shared by the API and the inspector.
 */
@Controller()
export class HealthController {
  constructor(@Inject(OBSERVABILITY) private readonly observability: Observability) {}

  @Get('healthz')
  healthz(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/healthz');
  }

  /** Public (Kubernetes probes carry no credentials): the status only. */
  @Get('readyz')
  readyz(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/readyz', false);
  }

  /** The same with each check's state, for callers with credentials (not a public route). */
  @Get('readyz/detail')
  readyzDetail(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/readyz');
  }

  @Get('metrics')
  metrics(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, '/metrics');
  }

  private async send(reply: FastifyReply, path: HealthPath, detail = true): Promise<void> {
    const answer = await this.observability.answer(path, { detail });
    await reply.code(answer.status).header('content-type', answer.contentType).send(answer.body);
  }
}
