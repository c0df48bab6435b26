export * from './ferrum.client';
export * from './ferrum.server';
export * from './handles.decorator';
export * from './rpc-error.filter';
export * from './rpc.context';
export { Route, subjectOf, subjectToken } from './subjects';
