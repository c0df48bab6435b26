export * from './transport';
export * from './envelope';
export * from './in-process.transport';
export * from './nats.transport';
export * from './create-transport';
export * from './conductor-router';
export * from './instrumented.transport';
export * from './namespaced.transport';
