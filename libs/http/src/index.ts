export * from './json-bodies';
export * from './error-status';
export * from './fastify-app';
