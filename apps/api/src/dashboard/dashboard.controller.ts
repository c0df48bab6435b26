import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DashboardAssets } from './dashboard-assets';

/**
 * Everything the page loads comes from here, so the policy forbids any other origin; `connect-src 'self'` lets
 * it call /v1 and nothing else. No inline script or style: the page works under the strictest policy.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The operators' dashboard at /dashboard: static files only, public like `GET /v1` (libs/auth public routes)
 * since they hold no data. The page asks /v1 for everything it shows, with the user's own credentials.
 */
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  // `/dashboard/` arrives here too: the API ignores a trailing slash (common/path-rewrite.ts).
  @Get()
  index(@Res() reply: FastifyReply): void {
    this.send(reply, 'index.html');
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() reply: FastifyReply): void {
    this.send(reply, file);
  }

  private send(reply: FastifyReply, name: string): void {
    const asset = this.assets.get(name);
    // Answered here: the API's error filter reads a NotFoundException as "no such route" (a 405, the route exists).
    if (!asset) return void reply.code(404).header('Content-Type', 'text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send('Not found');
    void reply
      .header('Content-Type', asset.type)
      // Revalidated on every load: a new release's files are seen at once (they are small, and served from memory).
      .header('Cache-Control', 'no-cache')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', CSP)
      .header('Referrer-Policy', 'no-referrer')
      .send(asset.body);
  }
}
