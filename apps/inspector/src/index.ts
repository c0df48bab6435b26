export * from './start-inspector';
export { InspectorModule } from './inspector.module';
export type { InspectorConfig } from './inspector.config';
export { startPxeFilter } from './pxe/start-pxe-filter';
