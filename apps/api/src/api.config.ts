import type { ConfigOf, apiOptions, authOptions, commonOptions, httpLimitOptions, tlsOptions } from '@ferrum/config';

export type ApiConfig = ConfigOf<typeof apiOptions & typeof commonOptions & typeof authOptions & typeof httpLimitOptions & typeof tlsOptions>;
