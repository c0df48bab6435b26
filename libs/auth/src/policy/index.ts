export * from './check-string';
export * from './default-policy';
export * from './policy';
