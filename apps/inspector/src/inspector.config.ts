import type { ConfigOf, authOptions, commonOptions, httpLimitOptions, inspectorOptions } from '@ferrum/config';

export type InspectorConfig = ConfigOf<typeof inspectorOptions> &
  ConfigOf<typeof authOptions> &
  ConfigOf<typeof httpLimitOptions> &
  Pick<ConfigOf<typeof commonOptions>, 'rpcTimeoutMs' | 'heartbeatTimeoutS' | 'inspectorSubject'>;
