import { Controller } from '@nestjs/common';
import { CreatePortgroup, DeletePortgroup, RequestOf, UpdatePortgroup } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { PortgroupService } from './portgroup.service';

@Controller()
export class PortgroupController {
  constructor(private readonly portgroups: PortgroupService) {}

  @Handles(CreatePortgroup)
  create(req: RequestOf<typeof CreatePortgroup>) {
    return this.portgroups.create(req.portgroup);
  }

  @Handles(UpdatePortgroup)
  update(req: RequestOf<typeof UpdatePortgroup>) {
    return this.portgroups.update(req.portgroup_uuid, req.changes, req.ports_physical_network);
  }

  @Handles(DeletePortgroup)
  async delete(req: RequestOf<typeof DeletePortgroup>) {
    await this.portgroups.delete(req.portgroup_uuid);
    return null;
  }
}
