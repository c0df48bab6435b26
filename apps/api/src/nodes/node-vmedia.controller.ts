import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { AttachVirtualMedia, DetachVirtualMedia, GetVirtualMedia, Microversion, VMEDIA_DEVICES, type VmediaDevice } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { fromQuery, rejectUnexpected, toStringList } from '../common/args';
import { FrameworkError } from '../common/framework-error';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { checkArgSchema } from '../common/schema-errors';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';
import { checkSubResourceVersion } from './sub-resource-gate';
import { RequestBody } from '../openapi/request-body.decorator';


/** Ironic's VMEDIA_ATTACH_VALIDATOR. */
const ATTACH_SCHEMA = {
  type: 'object',
  properties: {
    device_type: { type: 'string', enum: [...VMEDIA_DEVICES] },
    image_url: { type: 'string' },
    image_download_source: { type: 'string', enum: ['http', 'local', 'swift'] },
  },
  required: ['device_type', 'image_url'],
  additionalProperties: false,
};

/** Python's urlparse scheme: what comes before the first ':' when it looks like a scheme, else ''. */
function urlScheme(url: string): string {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1].toLowerCase() ?? '';
}

/**
 * /v1/nodes/{ident}/vmedia (1.89): attach an image as a virtual CD, floppy or disk, or detach them. Both answer
 * 204 once the node's conductor took the request; the BMC is asked in a worker and a failure lands in the
 * node's last_error, as in Ironic.
 */
@Controller('v1/nodes/:ident/vmedia')
export class NodeVmediaController {
  constructor(
    private readonly nodes: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  /** 1.93: the node's drives as its BMC reports them (a bare list). Between 1.89 and 1.92 the handler's own 404. */
  @Get()
  async list(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkSubResourceVersion(req, Microversion.VIRTUAL_MEDIA);
    if (!allows(req, Microversion.VIRTUAL_MEDIA_GET)) throw new FrameworkError(404, '');
    rejectUnexpected(fromQuery(query), []);
    const node = await this.nodes.authorized(req, 'baremetal:node:vmedia:get', ident);
    return this.router.call(node, GetVirtualMedia, { node_uuid: node.uuid }, req.requestId);
  }

  @Post()
  @HttpCode(204)
  @RequestBody(ATTACH_SCHEMA)
  async attach(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown): Promise<void> {
    checkSubResourceVersion(req, Microversion.VIRTUAL_MEDIA);
    rejectUnexpected(fromQuery(query), []);
    checkArgSchema('vmedia', body, ATTACH_SCHEMA);
    const vmedia = body as { device_type: VmediaDevice; image_url: string; image_download_source?: string };
    const scheme = urlScheme(vmedia.image_url);
    // As Ironic: only images the BMC can fetch over HTTP(S).
    if (scheme !== 'http' && scheme !== 'https') throw new Invalid({ message: `Unsupported or missing URL scheme: ${scheme}` });
    // Ferrum hands the URL to the BMC as it is ('http'); 'local' (Ironic re-serves it) gets the same; Swift it has not.
    if (vmedia.image_download_source === 'swift') {
      throw new InvalidParameterValue({ message: 'image_download_source swift is not supported: Ferrum passes the image URL to the BMC as it is (http or local).' });
    }
    const node = await this.nodes.authorized(req, 'baremetal:node:vmedia:attach', ident);
    await this.router.call(node, AttachVirtualMedia, { node_uuid: node.uuid, device_type: vmedia.device_type, image_url: vmedia.image_url }, req.requestId);
  }

  @Delete()
  @HttpCode(204)
  async detach(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    checkSubResourceVersion(req, Microversion.VIRTUAL_MEDIA);
    const args = fromQuery(query);
    rejectUnexpected(args, ['device_types']);
    const devices = toStringList('device_types', args.device_types);
    if (devices?.length) {
      const invalid = devices.filter((d) => !(VMEDIA_DEVICES as readonly string[]).includes(d));
      if (invalid.length) throw new Invalid({ message: `Invalid device type(s) ${invalid.join(', ')} (valid are ${VMEDIA_DEVICES.join(', ')})` });
    }
    const node = await this.nodes.authorized(req, 'baremetal:node:vmedia:detach', ident);
    await this.router.call(node, DetachVirtualMedia, { node_uuid: node.uuid, ...(devices?.length ? { device_types: devices as VmediaDevice[] } : {}) }, req.requestId);
  }
}
