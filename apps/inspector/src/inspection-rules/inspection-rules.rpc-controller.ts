import { Controller } from '@nestjs/common';
import {
  CreateInspectionRule,
  DeleteInspectionRule,
  GetInspectionRule,
  ListInspectionRules,
  RequestOf,
  UpdateInspectionRule,
} from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { InspectionRulesService } from './inspection-rules.service';

/** `/v1/inspection_rules` as the API forwards it, on the inspectors' queue group. */
@Controller()
export class InspectionRulesRpcController {
  constructor(private readonly rules: InspectionRulesService) {}

  @Handles(CreateInspectionRule)
  create(req: RequestOf<typeof CreateInspectionRule>) {
    return this.rules.create(req.rule);
  }

  @Handles(GetInspectionRule)
  get(req: RequestOf<typeof GetInspectionRule>) {
    return this.rules.get(req.uuid);
  }

  @Handles(ListInspectionRules)
  list(req: RequestOf<typeof ListInspectionRules>) {
    return this.rules.list(req);
  }

  @Handles(UpdateInspectionRule)
  update(req: RequestOf<typeof UpdateInspectionRule>) {
    return this.rules.update(req.uuid, req.patch);
  }

  @Handles(DeleteInspectionRule)
  delete(req: RequestOf<typeof DeleteInspectionRule>) {
    return this.rules.delete(req.uuid);
  }
}
