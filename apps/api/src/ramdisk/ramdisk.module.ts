import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { NodesModule } from '../nodes/nodes.module';
import { RamdiskController } from './ramdisk.controller';
import { RamdiskService } from './ramdisk.service';

@Module({
  imports: [NodesModule, DriversModule],
  controllers: [RamdiskController],
  providers: [RamdiskService],
})
export class RamdiskModule {}
