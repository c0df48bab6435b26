import { Controller } from '@nestjs/common';
import { Links } from '../common/links';
import { DriverPassthruService } from './driver-passthru.service';
import { PassthruController } from './passthru.controller';
import { DRIVER_PASSTHRU } from './passthru-routes';

/** /v1/drivers/{driver}/vendor_passthru (§8.4): the driver's methods, on any conductor offering it. */
@Controller(DRIVER_PASSTHRU)
export class DriverPassthruController extends PassthruController {
  constructor(passthru: DriverPassthruService, links: Links) {
    super(passthru, links, 'driver');
  }
}
