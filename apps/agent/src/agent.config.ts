import type { agentOptions, ConfigOf } from '@ferrum/config';

export type AgentConfig = ConfigOf<typeof agentOptions>;
