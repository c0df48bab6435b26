import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { NodesModule } from '../nodes/nodes.module';
import { DriverPassthruController } from './driver-passthru.controller';
import { DriverPassthruService } from './driver-passthru.service';
import { NodePassthruController } from './node-passthru.controller';
import { NodePassthruService } from './node-passthru.service';

@Module({
  imports: [NodesModule, DriversModule],
  controllers: [NodePassthruController, DriverPassthruController],
  providers: [NodePassthruService, DriverPassthruService],
})
export class PassthruModule {}
