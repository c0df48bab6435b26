import { Controller } from '@nestjs/common';
import { Links } from '../common/links';
import { NodePassthruService } from './node-passthru.service';
import { PassthruController } from './passthru.controller';
import { NODE_PASSTHRU } from './passthru-routes';

/** /v1/nodes/{ident}/vendor_passthru (§8): the node's vendor methods, on its conductor. */
@Controller(NODE_PASSTHRU)
export class NodePassthruController extends PassthruController {
  constructor(passthru: NodePassthruService, links: Links) {
    super(passthru, links, 'ident');
  }
}
