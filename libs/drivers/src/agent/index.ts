export * from './conductor-callbacks';
export * from './agent-client';
export * from './agent-vendor';
export * from './agent-deploy';
export * from './lookup-strategy';
export * from './agent-steps';
export * from './fast-track';
export * from './agent-raid';
