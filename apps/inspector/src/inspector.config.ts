import type { ConfigOf, inspectorOptions } from '@ferrum/config';

export type InspectorConfig = ConfigOf<typeof inspectorOptions>;
