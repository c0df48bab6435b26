import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Microversion } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import { fromQuery, rejectUnexpected, toUuidOrName } from '../common/args';
import { RecodedError } from '../common/framework-error';
import { checkCollectionVersion } from '../common/collection-version';
import { Ironic, IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import { AllocationService } from './allocation.service';
import { RequestBody } from '../openapi/request-body.decorator';
import { ALLOCATION_SCHEMA } from './allocation.service';


/** /v1/allocations (1.52). */
@Controller('v1/allocations')
export class AllocationController {
  constructor(
    private readonly allocations: AllocationService,
    private readonly links: Links,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'GET', 'allocations');
    return this.allocations.list(req, fromQuery(query));
  }

  @Get(':ident')
  show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'GET', 'allocations');
    toUuidOrName('allocation_ident', ident);
    return this.allocations.show(req, ident, fromQuery(query));
  }

  @Post()
  @HttpCode(201)
  @RequestBody(ALLOCATION_SCHEMA)
  async create(@Ironic() req: IronicRequest, @Query() query: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'write', 'allocations');
    rejectUnexpected(fromQuery(query), []);
    const allocation = await this.allocations.create(req, body);
    void reply.header('Location', this.links.url('allocations', allocation.uuid));
    return this.allocations.render(req, allocation);
  }

  @Patch(':ident')
  async update(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown) {
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'write', 'allocations');
    rejectUnexpected(fromQuery(query), []);
    // Raised inside Ironic's handler: a fault, with the version headers.
    if (!allows(req, Microversion.ALLOCATION_UPDATE)) throw new RecodedError(new Invalid({ message: 'The API version does not allow updating allocations' }), 405);
    return this.allocations.render(req, await this.allocations.update(req, ident, body));
  }

  @Delete(':ident')
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'write', 'allocations');
    rejectUnexpected(fromQuery(query), []);
    toUuidOrName('allocation_ident', ident);
    await this.allocations.remove(req, ident);
  }
}

/** /v1/nodes/{ident}/allocation (1.52): the node's allocation, shown or released. */
@Controller('v1/nodes/:ident/allocation')
export class NodeAllocationController {
  constructor(private readonly allocations: AllocationService) {}

  @Get()
  show(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'GET', 'allocations');
    return this.allocations.ofNode(req, ident, fromQuery(query));
  }

  @Delete()
  @HttpCode(204)
  async remove(@Ironic() req: IronicRequest, @Param('ident') ident: string): Promise<void> {
    // Ironic's node allocation controller answers "not found" below 1.52 whatever the method.
    checkCollectionVersion(req, Microversion.ALLOCATIONS, 'GET', 'allocations');
    await this.allocations.removeOfNode(req, ident);
  }
}
