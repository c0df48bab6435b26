export * from './option';
export * from './load-config';
export * from './common.config';
export * from './config-table';
export * from './driver.config';
export * from './inspector.config';
export * from './profile';
export * from './auth.config';
