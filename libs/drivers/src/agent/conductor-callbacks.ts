/** The agent's lookup request as both routes deliver it (driver passthru body, or GET /v1/lookup query). */
export interface AgentLookupRequest {
  version?: string;
  inventory?: unknown;
  node_uuid?: string;
  /** MACs from GET /v1/lookup?addresses= (no inventory there). */
  addresses?: string[];
}

export interface AgentHeartbeatRequest {
  callback_url?: string;
  agent_url?: string;
  agent_token?: string;
  agent_version?: string;
  agent_verify_ca?: string;
  agent_status?: string;
  agent_status_message?: string;
}

/**
 * What the conductor offers vendor methods, implemented in apps/conductor (drivers never reach the database):
 * the agent's lookup and heartbeat behind the legacy vendor passthru channel.
 */
export interface ConductorCallbacks {
  lookup(request: AgentLookupRequest): Promise<unknown>;
  heartbeat(nodeUuid: string, request: AgentHeartbeatRequest): Promise<void>;
}
