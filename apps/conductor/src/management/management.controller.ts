import { Controller } from '@nestjs/common';
import { AttachVirtualMedia, DetachVirtualMedia, GetVirtualMedia, ChangeBootMode, ChangeSecureBoot, GetBootDevice, GetIndicatorState, GetIndicators, SetIndicatorState, GetSupportedBootDevices, InjectNmi, RequestOf, SetBootDevice, SetMaintenance, ValidateNode } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { BootModeService } from './boot-mode.service';
import { ManagementService } from './management.service';
import { VirtualMediaService } from './virtual-media.service';

@Controller()
export class ManagementController {
  constructor(
    private readonly management: ManagementService,
    private readonly bootModes: BootModeService,
    private readonly vmedia: VirtualMediaService,
  ) {}

  @Handles(AttachVirtualMedia)
  async attachVirtualMedia(req: RequestOf<typeof AttachVirtualMedia>) {
    await this.vmedia.attach(req.node_uuid, req.device_type, req.image_url);
    return null;
  }

  @Handles(GetVirtualMedia)
  getVirtualMedia(req: RequestOf<typeof GetVirtualMedia>) {
    return this.vmedia.list(req.node_uuid);
  }

  @Handles(DetachVirtualMedia)
  async detachVirtualMedia(req: RequestOf<typeof DetachVirtualMedia>) {
    await this.vmedia.detach(req.node_uuid, req.device_types);
    return null;
  }

  @Handles(SetMaintenance)
  async setMaintenance(req: RequestOf<typeof SetMaintenance>) {
    await this.management.setMaintenance(req.node_uuid, req.maintenance, req.reason);
    return null;
  }

  @Handles(ValidateNode)
  validate(req: RequestOf<typeof ValidateNode>) {
    return this.management.validate(req.node_uuid);
  }

  @Handles(GetBootDevice)
  getBootDevice(req: RequestOf<typeof GetBootDevice>) {
    return this.management.getBootDevice(req.node_uuid);
  }

  @Handles(SetBootDevice)
  async setBootDevice(req: RequestOf<typeof SetBootDevice>) {
    await this.management.setBootDevice(req.node_uuid, req.boot_device, req.persistent);
    return null;
  }

  @Handles(ChangeBootMode)
  async changeBootMode(req: RequestOf<typeof ChangeBootMode>) {
    await this.bootModes.changeBootMode(req.node_uuid, req.mode);
    return null;
  }

  @Handles(ChangeSecureBoot)
  async changeSecureBoot(req: RequestOf<typeof ChangeSecureBoot>) {
    await this.bootModes.changeSecureBoot(req.node_uuid, req.enabled);
    return null;
  }

  @Handles(GetIndicators)
  indicators(req: RequestOf<typeof GetIndicators>) {
    return this.management.indicators(req.node_uuid);
  }

  @Handles(GetIndicatorState)
  indicatorState(req: RequestOf<typeof GetIndicatorState>) {
    return this.management.indicatorState(req.node_uuid, req.component, req.indicator);
  }

  @Handles(SetIndicatorState)
  async setIndicatorState(req: RequestOf<typeof SetIndicatorState>) {
    await this.management.setIndicatorState(req.node_uuid, req.component, req.indicator, req.state);
    return null;
  }

  @Handles(InjectNmi)
  async injectNmi(req: RequestOf<typeof InjectNmi>) {
    await this.management.injectNmi(req.node_uuid);
    return null;
  }

  @Handles(GetSupportedBootDevices)
  async supportedBootDevices(req: RequestOf<typeof GetSupportedBootDevices>) {
    return { supported_boot_devices: await this.management.supportedBootDevices(req.node_uuid) };
  }
}
