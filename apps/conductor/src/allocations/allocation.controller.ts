import { Controller } from '@nestjs/common';
import { CreateAllocation, DestroyAllocation, RequestOf } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { AllocationService } from './allocation.service';

@Controller()
export class AllocationController {
  constructor(private readonly allocations: AllocationService) {}

  @Handles(CreateAllocation)
  create(req: RequestOf<typeof CreateAllocation>) {
    return this.allocations.create(req.allocation);
  }

  @Handles(DestroyAllocation)
  async destroy(req: RequestOf<typeof DestroyAllocation>) {
    await this.allocations.destroy(req.allocation_uuid);
    return null;
  }
}
