export * from './agent-pool';
export * from './enroll';
export * from './fleet';
export * from './hardware-templates';
export * from './lab';
export * from './lab-files';
export * from './machine-room';
export * from './repo-files';
