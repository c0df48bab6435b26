export * from './services';
export * from './test-database';
export * from './test-transport';
export * from './ipmi-sim';
export * from './fake-task';
export * from './rbac-matrix';
export * from './heap';
