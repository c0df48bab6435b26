import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Microversion } from '@ferrum/contracts';
import { NotFound } from '@ferrum/errors';
import { fromQuery, rejectUnexpected } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { FrameworkError } from '../common/framework-error';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import { CONNECTORS, TARGETS, VolumeKind, VolumeRecord } from './volume-kinds';
import { VolumeScope, VolumeService } from './volume.service';
import { VolumeView } from './volume.view';

/** Below 1.32 the volume document itself answers Ironic's NotFound (its handler runs). */
function documentGate(req: IronicRequest): void {
  if (!allows(req, Microversion.VOLUME)) throw new NotFound({ message: 'Resource could not be found.' });
}

/** Below 1.32 VolumeController._lookup aborts while routing: a bare router 404. */
function routingGate(req: IronicRequest): void {
  if (!allows(req, Microversion.VOLUME)) throw new FrameworkError(404, '', true);
}

/** GET /v1/volume and /v1/nodes/{ident}/volume (1.32): links to the connectors and targets. The node is not looked up, as in Ironic. */
@Controller()
export class VolumeRootController {
  constructor(
    private readonly view: VolumeView,
    private readonly authz: Authorizer,
  ) {}

  @Get('v1/volume')
  root(@Ironic() req: IronicRequest, @Query() query: unknown) {
    documentGate(req);
    rejectUnexpected(fromQuery(query), []);
    this.authz.check(req, 'baremetal:volume:get');
    return this.view.root();
  }

  @Get('v1/nodes/:ident/volume')
  ofNode(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    documentGate(req);
    rejectUnexpected(fromQuery(query), []);
    this.authz.check(req, 'baremetal:volume:get');
    return this.view.root(ident);
  }
}

/** The handlers of one collection, at /v1/volume/<collection> or below a node (reads only there). */
abstract class VolumeCollection<R extends VolumeRecord> {
  protected constructor(
    protected readonly kind: VolumeKind<R>,
    protected readonly volumes: VolumeService,
    protected readonly links: Links,
  ) {}

  protected list(req: IronicRequest, query: unknown, scope?: VolumeScope) {
    routingGate(req);
    return this.volumes.list(this.kind, req, fromQuery(query), scope);
  }

  protected show(req: IronicRequest, uuid: string, query: unknown, scope?: VolumeScope) {
    routingGate(req);
    return this.volumes.show(this.kind, req, uuid, fromQuery(query), scope);
  }

  protected async create(req: IronicRequest, query: unknown, body: unknown, reply: FastifyReply, scope?: VolumeScope) {
    routingGate(req);
    rejectUnexpected(fromQuery(query), []);
    const created = await this.volumes.create(this.kind, req, body, scope);
    void reply.header('Location', this.links.url(`volume/${this.kind.collection}`, created.uuid as string));
    return created;
  }

  protected update(req: IronicRequest, uuid: string, query: unknown, body: unknown, scope?: VolumeScope) {
    routingGate(req);
    rejectUnexpected(fromQuery(query), []);
    return this.volumes.update(this.kind, req, uuid, body, scope);
  }

  protected async remove(req: IronicRequest, uuid: string, query: unknown, scope?: VolumeScope): Promise<void> {
    routingGate(req);
    rejectUnexpected(fromQuery(query), []);
    await this.volumes.remove(this.kind, req, uuid, scope);
  }
}

function collectionController(name: string, path: string, kind: VolumeKind<VolumeRecord>) {
  /** One collection under `path`; below a node, writes are refused after Ironic's checks (OperationNotPermitted). */
  @Controller(path)
  class Handlers extends VolumeCollection<VolumeRecord> {
    constructor(volumes: VolumeService, links: Links) {
      super(kind, volumes, links);
    }

    @Get()
    getAll(@Ironic() req: IronicRequest, @Param('ident') node: string | undefined, @Query() query: unknown) {
      return this.list(req, query, { nodeIdent: node });
    }

    @Get(':uuid')
    getOne(@Ironic() req: IronicRequest, @Param('ident') node: string | undefined, @Param('uuid') uuid: string, @Query() query: unknown) {
      return this.show(req, uuid, query, { nodeIdent: node });
    }

    @Post()
    @HttpCode(201)
    post(@Ironic() req: IronicRequest, @Param('ident') node: string | undefined, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
      return this.create(req, query, body, reply, { nodeIdent: node });
    }

    @Patch(':uuid')
    patch(@Ironic() req: IronicRequest, @Param('ident') node: string | undefined, @Param('uuid') uuid: string, @Query() query: unknown, @Body() body: unknown) {
      return this.update(req, uuid, query, body, { nodeIdent: node });
    }

    @Delete(':uuid')
    @HttpCode(204)
    delete(@Ironic() req: IronicRequest, @Param('ident') node: string | undefined, @Param('uuid') uuid: string, @Query() query: unknown): Promise<void> {
      return this.remove(req, uuid, query, { nodeIdent: node });
    }
  }
  // Named after what it serves, for Nest's route log and stack traces.
  Object.defineProperty(Handlers, 'name', { value: name });
  return Handlers;
}

/** /v1/volume/connectors and /v1/volume/targets (1.32), and the same below /v1/nodes/{ident}/volume. */
export const VolumeConnectorsController = collectionController('VolumeConnectorsController', 'v1/volume/connectors', CONNECTORS);
export const VolumeTargetsController = collectionController('VolumeTargetsController', 'v1/volume/targets', TARGETS);
export const NodeVolumeConnectorsController = collectionController('NodeVolumeConnectorsController', 'v1/nodes/:ident/volume/connectors', CONNECTORS);
export const NodeVolumeTargetsController = collectionController('NodeVolumeTargetsController', 'v1/nodes/:ident/volume/targets', TARGETS);
