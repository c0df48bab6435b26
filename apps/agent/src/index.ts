export * from './start-agent';
export type { AgentConfig } from './agent.config';
