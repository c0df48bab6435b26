export * from './error-codes';
export * from './ferrum-error';
export * from './errors';
export * from './unavailable';
