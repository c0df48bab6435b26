import { All, Controller, Get } from '@nestjs/common';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { rootDocument, v1Document } from './version-documents';

/**
 * Version discovery: `/` (no auth, no version headers; Ironic's root serves it to every method)
 * and `/v1` (other methods: see unrouted).
 */
@Controller()
export class RootController {
  constructor(private readonly links: Links) {}

  @All('/')
  root() {
    return rootDocument(this.links);
  }

  @Get('/v1')
  v1(@Ironic() req: IronicRequest) {
    return v1Document(this.links, req.version);
  }
}
