export { runAgent, AGENT_VERSION, type AgentHandle, type InspectionHook } from './agent';
export { loadAgentParams, type AgentParams } from './config/agent-params';
export { collectInventory } from './inventory';
