import { Controller } from '@nestjs/common';
import { AgentHeartbeat, AgentLookup, GetNodeWithToken, RequestOf, type AgentLookupReply } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { AgentHeartbeatService } from './agent-heartbeat.service';
import { AgentLookupService, type LookupReply } from './agent-lookup.service';

/** The ramdisk agent's two calls: lookup (any conductor) and heartbeat (the node's conductor). */
@Controller()
export class AgentController {
  constructor(
    private readonly heartbeats: AgentHeartbeatService,
    private readonly lookups: AgentLookupService,
  ) {}

  @Handles(AgentHeartbeat)
  async heartbeat({ node_uuid, ...body }: RequestOf<typeof AgentHeartbeat>) {
    await this.heartbeats.heartbeat(node_uuid, body);
    return null;
  }

  @Handles(AgentLookup)
  async lookup(req: RequestOf<typeof AgentLookup>) {
    return wire(await this.lookups.lookup(req));
  }

  @Handles(GetNodeWithToken)
  async nodeWithToken(req: RequestOf<typeof GetNodeWithToken>) {
    return wire(await this.lookups.nodeWithToken(req.node_uuid));
  }
}

/** The lookup's answer as it crosses the bus: the node's lookup fields and the agent's config. */
function wire({ node, config }: LookupReply): AgentLookupReply {
  return { node: { uuid: node.uuid, properties: node.properties, instance_info: node.instance_info, driver_internal_info: node.driver_internal_info }, config };
}
