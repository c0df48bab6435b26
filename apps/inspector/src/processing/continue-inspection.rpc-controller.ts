import { Controller } from '@nestjs/common';
import { ContinueInspection, RequestOf } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { ProcessingService } from './processing.service';

/** Ironic's ramdisk callback as the API forwards it (`POST /v1/continue_inspection`), on the inspectors' queue group. */
@Controller()
export class ContinueInspectionRpcController {
  constructor(private readonly processing: ProcessingService) {}

  @Handles(ContinueInspection)
  continue(req: RequestOf<typeof ContinueInspection>) {
    return this.processing.continueInspection(req.data, req.node_uuid, req.issue_token === true);
  }
}
