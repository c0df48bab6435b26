import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { NodePortsController } from './node-ports.controller';
import { PortListService } from './port-list.service';
import { PortWriteService } from './port-write.service';
import { PortController } from './port.controller';
import { PortView } from './port.view';

@Module({
  imports: [NodesModule],
  controllers: [PortController, NodePortsController],
  providers: [PortListService, PortWriteService, PortView],
  exports: [PortListService],
})
export class PortsModule {}
