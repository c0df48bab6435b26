import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { ChassisNodesController } from './chassis-nodes.controller';
import { ChassisController } from './chassis.controller';
import { ChassisService } from './chassis.service';
import { ChassisView } from './chassis.view';

@Module({
  imports: [NodesModule],
  controllers: [ChassisController, ChassisNodesController],
  providers: [ChassisService, ChassisView],
})
export class ChassisModule {}
