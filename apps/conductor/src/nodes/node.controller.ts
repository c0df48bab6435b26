import { Controller } from '@nestjs/common';
import { CreateNode, DeleteNode, RequestOf, UpdateNode } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { NodeService } from './node.service';

@Controller()
export class NodeController {
  constructor(private readonly nodes: NodeService) {}

  @Handles(CreateNode)
  create(req: RequestOf<typeof CreateNode>) {
    return this.nodes.create(req.node);
  }

  @Handles(UpdateNode)
  update(req: RequestOf<typeof UpdateNode>) {
    return this.nodes.update(req.node_uuid, req.changes, req.reset_interfaces);
  }

  @Handles(DeleteNode)
  async delete(req: RequestOf<typeof DeleteNode>) {
    await this.nodes.delete(req.node_uuid);
    return null;
  }
}
