import type { ConfigOf, authOptions, commonOptions, httpLimitOptions, inspectorOptions, tlsOptions } from '@ferrum/config';

export type InspectorConfig = ConfigOf<typeof inspectorOptions> &
  ConfigOf<typeof authOptions> &
  ConfigOf<typeof httpLimitOptions> &
  ConfigOf<typeof tlsOptions> &
  Pick<ConfigOf<typeof commonOptions>, 'rpcTimeoutMs' | 'heartbeatTimeoutS' | 'inspectorSubject'>;
