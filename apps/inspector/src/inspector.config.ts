import type { ConfigOf, authOptions, commonOptions, inspectorOptions } from '@ferrum/config';

export type InspectorConfig = ConfigOf<typeof inspectorOptions> &
  ConfigOf<typeof authOptions> &
  Pick<ConfigOf<typeof commonOptions>, 'rpcTimeoutMs' | 'heartbeatTimeoutS' | 'inspectorSubject'>;
