import { Controller, Get, Param, Query } from '@nestjs/common';
import { fromQuery } from '../common/args';
import { Authorizer } from '../common/authorizer';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { DriverListService } from './driver-list.service';
import { DriverPropertiesService } from './driver-properties.service';

/** /v1/drivers (§11); vendor passthru under it lives with the other passthru routes. */
@Controller('v1/drivers')
export class DriverController {
  constructor(
    private readonly drivers: DriverListService,
    private readonly properties: DriverPropertiesService,
    private readonly authz: Authorizer,
  ) {}

  @Get()
  list(@Ironic() req: IronicRequest, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:driver:get');
    return this.drivers.list(req, fromQuery(query));
  }

  @Get(':name')
  show(@Ironic() req: IronicRequest, @Param('name') name: string, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:driver:get');
    return this.drivers.show(req, name, fromQuery(query));
  }

  @Get(':name/raid/logical_disk_properties')
  raidLogicalDiskProperties(@Ironic() req: IronicRequest, @Param('name') name: string, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:driver:get_raid_logical_disk_properties');
    return this.properties.raidLogicalDiskProperties(req, name, fromQuery(query));
  }

  @Get(':name/properties')
  driverProperties(@Ironic() req: IronicRequest, @Param('name') name: string, @Query() query: unknown) {
    this.authz.check(req, 'baremetal:driver:get_properties');
    return this.properties.properties(req, name, fromQuery(query));
  }
}
