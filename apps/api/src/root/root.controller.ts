import { All, Controller, Get, Inject } from '@nestjs/common';
import { apiMaximum } from '@ferrum/contracts';
import type { ApiConfig } from '../api.config';
import { CONFIG } from '../tokens';
import { Ironic, IronicRequest } from '../common/ironic-request';
import { Links } from '../common/links';
import { rootDocument, v1Document } from './version-documents';

/**
 * Version discovery: `/` (no auth, no version headers; Ironic's root serves it to every method)
 * and `/v1` (other methods: see unrouted).
 */
@Controller()
export class RootController {
  private readonly maximum: number;

  constructor(
    private readonly links: Links,
    @Inject(CONFIG) config: ApiConfig,
  ) {
    this.maximum = apiMaximum(config.pinReleaseVersion);
  }

  @All('/')
  root() {
    return rootDocument(this.links, this.maximum);
  }

  @Get('/v1')
  v1(@Ironic() req: IronicRequest) {
    return v1Document(this.links, req.version, this.maximum);
  }
}
