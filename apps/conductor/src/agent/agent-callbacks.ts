import { Injectable } from '@nestjs/common';
import type { AgentHeartbeatRequest, AgentLookupRequest, ConductorCallbacks } from '@ferrum/drivers';
import { AgentHeartbeatService } from './agent-heartbeat.service';
import { AgentLookupService } from './agent-lookup.service';

/** The conductor services vendor methods reach through task.callbacks / ctx.callbacks (the agent's legacy channel). */
@Injectable()
export class AgentCallbacks implements ConductorCallbacks {
  constructor(
    private readonly lookups: AgentLookupService,
    private readonly heartbeats: AgentHeartbeatService,
  ) {}

  lookup(request: AgentLookupRequest): Promise<unknown> {
    return this.lookups.lookup(request);
  }

  heartbeat(nodeUuid: string, request: AgentHeartbeatRequest): Promise<void> {
    return this.heartbeats.heartbeat(nodeUuid, request);
  }
}
