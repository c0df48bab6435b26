import { Controller } from '@nestjs/common';
import { ApplyInspection, FinishInspection, RequestOf } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { InspectionService } from './inspection.service';

@Controller()
export class InspectionController {
  constructor(private readonly inspection: InspectionService) {}

  @Handles(ApplyInspection)
  apply({ node_uuid, ...result }: RequestOf<typeof ApplyInspection>) {
    return this.inspection.apply(node_uuid, result);
  }

  @Handles(FinishInspection)
  async finish(req: RequestOf<typeof FinishInspection>) {
    await this.inspection.finish(req.node_uuid, req.error);
    return null;
  }
}
