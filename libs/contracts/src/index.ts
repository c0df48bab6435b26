export * from './microversions';
export * from './states';
export * from './records';
export * from './conductor.rpc';
export * from './conductor.schemas';
export * from './inventory';
export * from './inspector.rpc';
export * from './driver-internal-info';
