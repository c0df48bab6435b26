import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INSPECTOR_CORE, InspectorCore } from '../inspector-core';
import { inspectionIpxeScript } from '../pxe/ipxe-script';
import { MAX_VERSION } from './api-version';
import { baseUrl } from './links';

/** Version discovery (§2) and the iPXE inspection script (public, like the callback). */
@Controller()
export class RootController {
  constructor(@Inject(INSPECTOR_CORE) private readonly core: InspectorCore) {}

  @Get()
  versions(@Req() req: FastifyRequest) {
    return { versions: [{ id: `${MAX_VERSION[0]}.${MAX_VERSION[1]}`, status: 'CURRENT', links: [{ rel: 'self', href: `${baseUrl(req)}/v1` }] }] };
  }

  @Get('v1')
  resources(@Req() req: FastifyRequest) {
    const base = baseUrl(req);
    return {
      resources: ['introspection', 'continue', 'rules'].map((name) => ({ name, links: [{ rel: 'self', href: `${base}/v1/${name}` }] })),
    };
  }

  /** Ferrum extension: the script dnsmasq points iPXE clients at (`dhcp-boot=tag:ipxe,<url>/boot.ipxe`). */
  @Get('boot.ipxe')
  async ipxe(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', 'text/plain').send(inspectionIpxeScript(this.core.ipxe));
  }
}
