import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { fromQuery, mergeBody } from '../common/args';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { NodeMaintenanceService } from './node-maintenance.service';
import { NodeManagementService } from './node-management.service';

/** Node validation, boot device and maintenance (§7.5–§7.7). */
@Controller('v1/nodes')
export class NodeManagementController {
  constructor(
    private readonly management: NodeManagementService,
    private readonly maintenance: NodeMaintenanceService,
  ) {}

  /** Ironic's `validate` action also answers on the collection, with the node as a query argument. */
  @Get('validate')
  validateByQuery(@Ironic() req: IronicRequest, @Query() query: unknown) {
    return this.management.validate(req, undefined, fromQuery(query));
  }

  @Get(':ident/validate')
  validate(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.management.validate(req, ident, fromQuery(query));
  }

  @Get(':ident/management/boot_device')
  getBootDevice(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.management.getBootDevice(req, ident, fromQuery(query));
  }

  @Put(':ident/management/boot_device')
  @HttpCode(204)
  async setBootDevice(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown): Promise<void> {
    await this.management.setBootDevice(req, ident, mergeBody(query, body));
  }

  @Get(':ident/management/indicators')
  indicators(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.management.indicators(req, ident, fromQuery(query));
  }

  @Get(':ident/management/indicators/:indicator')
  indicatorState(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Param('indicator') indicator: string, @Query() query: unknown) {
    return this.management.indicatorState(req, ident, indicator, fromQuery(query));
  }

  @Put(':ident/management/indicators/:indicator')
  @HttpCode(204)
  async setIndicatorState(
    @Ironic() req: IronicRequest,
    @Param('ident') ident: string,
    @Param('indicator') indicator: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<void> {
    await this.management.setIndicatorState(req, ident, indicator, mergeBody(query, body));
  }

  @Put(':ident/management/inject_nmi')
  @HttpCode(204)
  async injectNmi(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown): Promise<void> {
    await this.management.injectNmi(req, ident, mergeBody(query, body));
  }

  @Get(':ident/management/boot_device/supported')
  supportedBootDevices(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown) {
    return this.management.supportedBootDevices(req, ident, fromQuery(query));
  }

  /** 202, no body and no Location: there is nothing new to poll but the node itself. */
  @Put(':ident/maintenance')
  @HttpCode(202)
  async setMaintenance(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown, @Body() body: unknown): Promise<void> {
    await this.maintenance.set(req, ident, mergeBody(query, body));
  }

  @Delete(':ident/maintenance')
  @HttpCode(202)
  async clearMaintenance(@Ironic() req: IronicRequest, @Param('ident') ident: string, @Query() query: unknown): Promise<void> {
    await this.maintenance.clear(req, ident, fromQuery(query));
  }
}
