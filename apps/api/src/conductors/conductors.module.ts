import { Module } from '@nestjs/common';
import { ConductorController } from './conductor.controller';
import { ConductorView } from './conductor.view';

@Module({
  controllers: [ConductorController],
  providers: [ConductorView],
})
export class ConductorsModule {}
