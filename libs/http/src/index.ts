export * from './json-bodies';
export * from './get-bodies';
export * from './error-status';
export * from './fastify-app';
export * from './hardening';
export * from './rate-limit';
export * from './tls';
