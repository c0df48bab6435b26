export * from './ferrum-metrics';
export * from './health-checks';
export * from './observability';
export * from './health.server';
export * from './fastify-metrics.hook';
export * from './with-timeout';
export * from './health.controller';
