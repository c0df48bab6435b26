import type { ConfigOf, apiOptions, authOptions, commonOptions } from '@ferrum/config';

export type ApiConfig = ConfigOf<typeof apiOptions & typeof commonOptions & typeof authOptions>;
