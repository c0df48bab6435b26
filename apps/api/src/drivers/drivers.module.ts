import { Module } from '@nestjs/common';
import { DriverCatalog } from './driver-catalog.service';
import { DriverListService } from './driver-list.service';
import { DriverPropertiesService } from './driver-properties.service';
import { DriverRpcClient } from './driver-rpc.client';
import { DriverController } from './driver.controller';
import { DriverView } from './driver.view';

@Module({
  controllers: [DriverController],
  providers: [DriverCatalog, DriverView, DriverListService, DriverPropertiesService, DriverRpcClient],
  exports: [DriverRpcClient, DriverCatalog],
})
export class DriversModule {}
