import { Controller } from '@nestjs/common';
import { AttachVif, DetachVif, ListVifs, RequestOf } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { VifService } from './vif.service';

@Controller()
export class VifController {
  constructor(private readonly vifs: VifService) {}

  @Handles(ListVifs)
  list(req: RequestOf<typeof ListVifs>) {
    return this.vifs.list(req.node_uuid);
  }

  @Handles(AttachVif)
  async attach(req: RequestOf<typeof AttachVif>) {
    await this.vifs.attach(req.node_uuid, req.vif);
    return null;
  }

  @Handles(DetachVif)
  async detach(req: RequestOf<typeof DetachVif>) {
    await this.vifs.detach(req.node_uuid, req.vif_id);
    return null;
  }
}
