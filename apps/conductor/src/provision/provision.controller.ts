import { Controller } from '@nestjs/common';
import { ProvisionNode, RequestOf } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { ProvisionService } from './provision.service';

@Controller()
export class ProvisionController {
  constructor(private readonly provision: ProvisionService) {}

  @Handles(ProvisionNode)
  async provisionNode(req: RequestOf<typeof ProvisionNode>) {
    await this.provision.start(req.node_uuid, req.event, req.params);
    return null;
  }
}
