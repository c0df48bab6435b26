export * from './provision.states';
export * from './provision.events';
export * from './provision.machine';
export * from './provision.verbs';
export * from './provision.params';
export * from './provision.request';
export * from './power.states';
export * from './introspection.machine';
