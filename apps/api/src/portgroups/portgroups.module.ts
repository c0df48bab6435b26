import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { PortsModule } from '../ports/ports.module';
import { NodePortgroupsController, PortgroupController } from './portgroup.controller';
import { PortgroupService } from './portgroup.service';
import { PortgroupView } from './portgroup.view';

@Module({
  imports: [NodesModule, PortsModule],
  controllers: [PortgroupController, NodePortgroupsController],
  providers: [PortgroupService, PortgroupView],
})
export class PortgroupsModule {}
