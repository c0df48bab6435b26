import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INSPECTOR_CORE, InspectorCore } from '../inspector-core';
import { bootIpxeScript, inspectionIpxeScript, macFromHexhyp } from '../pxe/ipxe-script';
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

  /**
   * The script dnsmasq points iPXE clients at (`dhcp-boot=tag:ipxe,<url>/boot.ipxe`): the booting NIC's node
   * configuration when the conductor is network-booting that node, else inspection.
   */
  @Get('boot.ipxe')
  async ipxe(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', 'text/plain').send(bootIpxeScript(this.core.ipxe.callbackUrl));
  }

  /** The inspection script (ironic-inspector's inspector.ipxe): the agent ramdisk reporting to /v1/continue. */
  @Get('inspector.ipxe')
  async inspectionIpxe(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', 'text/plain').send(inspectionIpxeScript(this.core.ipxe));
  }

  /**
   * A network-booting node's own iPXE configuration, by the MAC of one of its ports (iPXE asks with
   * `${mac:hexhyp}`), as Ironic serves pxelinux.cfg/<mac>: written by the conductor's `ipxe` boot interface from
   * prepare_ramdisk to clean_up_ramdisk. 404 when there is none, and boot.ipxe falls back to inspection.
   */
  @Get('pxelinux.cfg/:mac')
  async nodeIpxe(@Param('mac') text: string, @Res() reply: FastifyReply): Promise<void> {
    const mac = macFromHexhyp(text);
    const script = mac && (await this.core.repos.netboot.scriptForMac(mac));
    if (!script) return void (await reply.code(404).header('content-type', 'text/plain').send(`no configuration for ${mac ?? 'that address'}\n`));
    await reply.header('content-type', 'text/plain').send(script);
  }
}
