import { Controller } from '@nestjs/common';
import { RequestOf, SetPowerState } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { PowerService } from './power.service';

@Controller()
export class PowerController {
  constructor(private readonly power: PowerService) {}

  @Handles(SetPowerState)
  async setPowerState(req: RequestOf<typeof SetPowerState>) {
    await this.power.setPowerState(req.node_uuid, req.target, req.timeout);
    return null;
  }
}
