import type { ConfigOf, commonOptions, inspectorOptions } from '@ferrum/config';

export type InspectorConfig = ConfigOf<typeof inspectorOptions> & Pick<ConfigOf<typeof commonOptions>, 'rpcTimeoutMs' | 'heartbeatTimeoutS' | 'inspectorSubject'>;
