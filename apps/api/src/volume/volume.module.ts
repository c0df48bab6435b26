import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { NodeVolumeConnectorsController, NodeVolumeTargetsController, VolumeConnectorsController, VolumeRootController, VolumeTargetsController } from './volume.controller';
import { VolumeService } from './volume.service';
import { VolumeView } from './volume.view';

@Module({
  imports: [NodesModule],
  controllers: [VolumeRootController, VolumeConnectorsController, VolumeTargetsController, NodeVolumeConnectorsController, NodeVolumeTargetsController],
  providers: [VolumeService, VolumeView],
})
export class VolumeModule {}
