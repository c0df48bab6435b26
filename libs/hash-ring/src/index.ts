export * from './hash-ring';
export * from './placement';
