import { Controller } from '@nestjs/common';
import {
  CreateVolumeConnector,
  CreateVolumeTarget,
  DeleteVolumeConnector,
  DeleteVolumeTarget,
  RequestOf,
  UpdateVolumeConnector,
  UpdateVolumeTarget,
} from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { VolumeService } from './volume.service';

@Controller()
export class VolumeController {
  constructor(private readonly volumes: VolumeService) {}

  @Handles(CreateVolumeConnector)
  createConnector(req: RequestOf<typeof CreateVolumeConnector>) {
    return this.volumes.createConnector(req.connector);
  }

  @Handles(UpdateVolumeConnector)
  updateConnector(req: RequestOf<typeof UpdateVolumeConnector>) {
    return this.volumes.updateConnector(req.connector_uuid, req.changes);
  }

  @Handles(DeleteVolumeConnector)
  async deleteConnector(req: RequestOf<typeof DeleteVolumeConnector>) {
    await this.volumes.deleteConnector(req.connector_uuid);
    return null;
  }

  @Handles(CreateVolumeTarget)
  createTarget(req: RequestOf<typeof CreateVolumeTarget>) {
    return this.volumes.createTarget(req.target);
  }

  @Handles(UpdateVolumeTarget)
  updateTarget(req: RequestOf<typeof UpdateVolumeTarget>) {
    return this.volumes.updateTarget(req.target_uuid, req.changes);
  }

  @Handles(DeleteVolumeTarget)
  async deleteTarget(req: RequestOf<typeof DeleteVolumeTarget>) {
    await this.volumes.deleteTarget(req.target_uuid);
    return null;
  }
}
