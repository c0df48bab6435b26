import { Controller } from '@nestjs/common';
import { Links } from '../common/links';
import { NodePassthruService } from './node-passthru.service';
import { PassthruController } from './passthru.controller';

/** /v1/nodes/{ident}/vendor_passthru (§8): the node's vendor methods, on its conductor. */
@Controller('v1/nodes/:ident/vendor_passthru')
export class NodePassthruController extends PassthruController {
  constructor(passthru: NodePassthruService, links: Links) {
    super(passthru, links, 'ident');
  }
}
