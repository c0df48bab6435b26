import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiController } from './openapi.controller';
import { RouteHandlers } from './route-handlers';

/** The API reference, generated from the router's table and the controllers behind it. */
@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  providers: [RouteHandlers],
})
export class OpenApiModule {}
