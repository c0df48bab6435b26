import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { NodesModule } from '../nodes/nodes.module';
import { AllocationController, NodeAllocationController } from './allocation.controller';
import { AllocationService } from './allocation.service';

@Module({
  imports: [DriversModule, NodesModule],
  controllers: [AllocationController, NodeAllocationController],
  providers: [AllocationService],
})
export class AllocationsModule {}
