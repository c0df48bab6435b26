import { Controller, Get } from '@nestjs/common';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { rootDocument, v1Document } from './version-documents';

/** Version discovery: `/` (no auth, no version headers) and `/v1`. Other methods get 405. */
@Controller()
export class RootController {
  constructor(private readonly links: Links) {}

  @Get('/')
  root() {
    return rootDocument(this.links);
  }

  @Get('/v1')
  v1(@Ironic() req: IronicRequest) {
    return v1Document(this.links, req.version);
  }
}
