import { Module } from '@nestjs/common';
import { EventHub } from './event-hub';
import { EventStreamController } from './event-stream.controller';

/** The event stream (GET /v1/ferrum/events); not Ironic's /v1/events, which takes network events in. */
@Module({ controllers: [EventStreamController], providers: [EventHub] })
export class EventStreamModule {}
