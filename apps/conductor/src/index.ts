export * from './start-conductor';
export type { ConductorConfig } from './conductor.config';
