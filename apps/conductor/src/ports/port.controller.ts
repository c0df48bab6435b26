import { Controller } from '@nestjs/common';
import { CreatePort, DeletePort, RequestOf, UpdatePort } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { PortService } from './port.service';

@Controller()
export class PortController {
  constructor(private readonly ports: PortService) {}

  @Handles(CreatePort)
  create(req: RequestOf<typeof CreatePort>) {
    return this.ports.create(req.port);
  }

  @Handles(UpdatePort)
  update(req: RequestOf<typeof UpdatePort>) {
    return this.ports.update(req.port_uuid, req.changes);
  }

  @Handles(DeletePort)
  async delete(req: RequestOf<typeof DeletePort>) {
    await this.ports.delete(req.port_uuid);
    return null;
  }
}
