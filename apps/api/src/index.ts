export { startApi } from './start-api';
export type { ApiHandle } from './start-api';
export { ApiModule } from './api.module';
export type { ApiDeps } from './api.module';
export { createApiApp, routesOf } from './api.app';
export type { ApiConfig } from './api.config';
export { Links } from './common/links';
