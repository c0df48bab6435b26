import { Controller, Get } from '@nestjs/common';

/** Liveness for load balancers and the launcher: answers as soon as the HTTP server is up. */
@Controller()
export class HealthController {
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
