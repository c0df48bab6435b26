import { Controller } from '@nestjs/common';
import { RemoveNodeTraits, RequestOf, SetNodeTraits } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { NodeTraitsService } from './node-traits.service';

@Controller()
export class NodeTraitsController {
  constructor(private readonly traits: NodeTraitsService) {}

  @Handles(SetNodeTraits)
  async set(req: RequestOf<typeof SetNodeTraits>) {
    await this.traits.set(req.node_uuid, req.traits, req.replace);
    return null;
  }

  @Handles(RemoveNodeTraits)
  async remove(req: RequestOf<typeof RemoveNodeTraits>) {
    await this.traits.remove(req.node_uuid, req.traits);
    return null;
  }
}
