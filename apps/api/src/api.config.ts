import type { ConfigOf, apiOptions, authOptions, commonOptions, httpLimitOptions } from '@ferrum/config';

export type ApiConfig = ConfigOf<typeof apiOptions & typeof commonOptions & typeof authOptions & typeof httpLimitOptions>;
